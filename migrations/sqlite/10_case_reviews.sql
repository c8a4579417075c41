-- (Being built.)
SELECT 1;
