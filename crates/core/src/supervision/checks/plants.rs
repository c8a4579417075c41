//! Known defects of the demo cases (ground truth) and the scoring of the checks against them.
