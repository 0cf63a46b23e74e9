//! What can go wrong filling a template: every problem is kept, each with
//! its part and paragraph, so the user fixes them in one pass.

/// One thing wrong with a template, or with filling it.
#[derive(Debug, thiserror::Error)]
pub enum FillError {
    /// A tag or marker that cannot be filled.
    #[error("{part}: {message} (in the paragraph \"{paragraph}\")")]
    Template {
        /// The part (`word/document.xml`, `word/header1.xml`).
        part: String,
        /// The paragraph's text (shortened).
        paragraph: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// A part refused before anything is read: a zip-slip name, a part
    /// named twice, macros, an external link, a part past a size limit.
    #[error("{part} in the template: {reason}")]
    Refused {
        /// The part (its name escaped and shortened).
        part: String,
        /// Why, and what to do.
        reason: String,
    },
    /// Not a zip file.
    #[error("the template is not a Word document (.docx)")]
    NotDocx(#[source] zip::result::ZipError),
    /// A zip without `word/document.xml`.
    #[error("the template has no word/document.xml: it is not a Word document (.docx)")]
    NoDocument,
    /// A part that is not well-formed XML or not UTF-8.
    #[error("{part} in the template cannot be read; open the template in Word and save it again")]
    Part {
        /// The part.
        part: String,
        /// The reader's reason.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The context could not be turned into the values a template sees.
    #[error("cannot turn the context into template values")]
    Context(#[source] serde_json::Error),
    /// The chart could not be drawn.
    #[error("cannot draw the chart for the template")]
    Chart(#[source] crate::Error),
    /// Writing the filled package failed.
    #[error("cannot write the filled document")]
    Write(#[source] zip::result::ZipError),
}

/// Every problem found while filling a template.
#[derive(Debug)]
pub struct FillErrors(pub Vec<FillError>);

impl std::fmt::Display for FillErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} problems in the template:", all.len())?;
                for e in all {
                    write!(f, "\n  - {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for FillErrors {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self.0.as_slice() {
            [one] => std::error::Error::source(one),
            _ => None,
        }
    }
}

impl From<FillError> for FillErrors {
    fn from(e: FillError) -> Self {
        FillErrors(vec![e])
    }
}
