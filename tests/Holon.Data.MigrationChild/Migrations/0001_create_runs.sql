-- Every migration adds one row here, so the test can count how often each ran.
CREATE TABLE runs(version INTEGER NOT NULL);
INSERT INTO runs(version) VALUES (1);
