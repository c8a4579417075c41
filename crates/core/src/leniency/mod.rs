//! Flexible-enforcement lists (柔性执法三张清单) and discretion checks. (Being built.)
