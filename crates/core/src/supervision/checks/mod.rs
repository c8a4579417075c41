//! Automatic checks of a case file (案卷评查辅助). (Being built.)
