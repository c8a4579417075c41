-- The hearing of a reconsideration (行政复议法 第四十九–五十二条), incidental review of a
-- normative document (第十三条, 第五十六–六十条), the 意见书 with its 60-day report (第七十六条)
-- and the order to perform (第七十七条).
ALTER TABLE reconsideration_applications ADD COLUMN opinions_heard_on TEXT;
ALTER TABLE reconsideration_applications ADD COLUMN hearing_on TEXT;
ALTER TABLE reconsideration_applications ADD COLUMN committee_on TEXT;
-- the normative document the applicant asked to be reviewed, and when it must be handled
ALTER TABLE reconsideration_applications ADD COLUMN incidental_document TEXT NOT NULL DEFAULT '';
ALTER TABLE reconsideration_applications ADD COLUMN incidental_due TEXT;
ALTER TABLE reconsideration_applications ADD COLUMN opinion_sent_on TEXT;
ALTER TABLE reconsideration_applications ADD COLUMN opinion_reply_due TEXT;
ALTER TABLE reconsideration_applications ADD COLUMN opinion_replied_on TEXT;
ALTER TABLE reconsideration_applications ADD COLUMN performance_due TEXT;
-- 行政诉讼法 第二十六条 第二款: who stands beside (or instead of) the body after a reconsideration.
ALTER TABLE litigation_cases ADD COLUMN defendants TEXT NOT NULL DEFAULT '';
