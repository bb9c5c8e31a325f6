-- Respondent privacy: a visit task keeps its exact time (coverage needs it), so a response must not keep one too,
-- or the two could be matched to find the household behind the answers. A response keeps only dates (Asia/Shanghai).
ALTER TABLE survey_response ADD COLUMN collected_on DATE;
UPDATE survey_response SET collected_on = (collected_at AT TIME ZONE 'Asia/Shanghai')::date;
ALTER TABLE survey_response ALTER COLUMN collected_on SET NOT NULL;
ALTER TABLE survey_response DROP COLUMN collected_at;

-- the arrival time is as telling as the collection time (the phone sends right after the visit)
ALTER TABLE survey_response ALTER COLUMN received_at DROP DEFAULT;
ALTER TABLE survey_response ALTER COLUMN received_at TYPE DATE USING (received_at AT TIME ZONE 'Asia/Shanghai')::date;
ALTER TABLE survey_response RENAME COLUMN received_at TO received_on;
ALTER TABLE survey_response ALTER COLUMN received_on SET DEFAULT (now() AT TIME ZONE 'Asia/Shanghai')::date;

-- and the review day is all the review needs (who and when exactly is in the audit log), so no column of a
-- response holds a time of day
ALTER TABLE survey_response ALTER COLUMN reviewed_at TYPE DATE USING (reviewed_at AT TIME ZONE 'Asia/Shanghai')::date;
ALTER TABLE survey_response RENAME COLUMN reviewed_at TO reviewed_on;

-- New ids are drawn at random (below 2^53, safe in JavaScript), not from the sequence: in sequence order a surveyor's
-- responses of one day would line up with their visits of that day in time order. (The demo data still takes its
-- ids from the sequence; rows stored before this migration keep theirs.)
ALTER TABLE survey_response ALTER COLUMN id SET DEFAULT (floor(random() * 9007199254740990) + 1)::bigint;
