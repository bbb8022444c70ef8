-- The audit append of 0002 with two statements where it ran four, and the same hash. A profile of
-- screening at 3,000 a second put two thirds of PostgreSQL's time inside this function. Gone: counting
-- the lanes by scanning `audit_head`, whose two pages hold hundreds of dead versions of its eight rows
-- between prunings (every record moves a head); the lanes are the eight that 0001_init.sql creates.
-- Joined: moving the lane's head and inserting the record, one statement with a data-modifying WITH.
-- The lane is still locked before the global sequence is drawn, so that within a lane both orders agree.
CREATE OR REPLACE FUNCTION article3_audit_append(
    p_at BIGINT, p_actor TEXT, p_role TEXT, p_country TEXT, p_action TEXT,
    p_object_kind TEXT, p_object_id TEXT, p_detail TEXT
) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    my_lane BIGINT := pg_backend_pid() % 8;
    head_seq BIGINT;
    head_hash TEXT;
    next_lane_seq BIGINT;
    next_seq BIGINT;
    next_hash TEXT;
BEGIN
    SELECT lane_seq, hash INTO head_seq, head_hash FROM audit_head WHERE lane = my_lane FOR UPDATE;
    next_lane_seq := head_seq + 1;
    next_seq := nextval('audit_seq');
    next_hash := encode(sha256(
        convert_to(head_hash, 'UTF8') || int8send(next_seq) || int8send(my_lane) || int8send(next_lane_seq)
        || int8send(p_at)
        || int8send(octet_length(convert_to(p_actor, 'UTF8'))::BIGINT) || convert_to(p_actor, 'UTF8')
        || int8send(octet_length(convert_to(p_role, 'UTF8'))::BIGINT) || convert_to(p_role, 'UTF8')
        || int8send(octet_length(convert_to(p_country, 'UTF8'))::BIGINT) || convert_to(p_country, 'UTF8')
        || int8send(octet_length(convert_to(p_action, 'UTF8'))::BIGINT) || convert_to(p_action, 'UTF8')
        || int8send(octet_length(convert_to(p_object_kind, 'UTF8'))::BIGINT) || convert_to(p_object_kind, 'UTF8')
        || int8send(octet_length(convert_to(p_object_id, 'UTF8'))::BIGINT) || convert_to(p_object_id, 'UTF8')
        || int8send(octet_length(convert_to(p_detail, 'UTF8'))::BIGINT) || convert_to(p_detail, 'UTF8')
    ), 'hex');
    WITH moved AS (
        UPDATE audit_head SET lane_seq = next_lane_seq, hash = next_hash WHERE lane = my_lane
    )
    INSERT INTO audit (seq, lane, lane_seq, at, actor, role, country, action, object_kind, object_id, detail, prev_hash, hash)
    VALUES (next_seq, my_lane, next_lane_seq, p_at, p_actor, p_role, p_country, p_action, p_object_kind, p_object_id,
            p_detail, head_hash, next_hash);
    RETURN next_seq;
END;
$$;
