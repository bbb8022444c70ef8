-- Appends one audit record in a single round trip. The record goes to the lane of this connection
-- (backend pid modulo the number of lanes), so connections rarely wait for each other, and the lane is
-- held only from this statement to the commit. The hash is the one article3_domain::audit::chain_hash
-- computes: SHA-256 over the previous hash (hex text), the global sequence, lane, lane position and time
-- (8-byte big-endian each), and each field prefixed by its UTF-8 length (8-byte big-endian).
-- `article3 audit verify` recomputes it in Rust, so any drift between the two shows at once.
CREATE FUNCTION article3_audit_append(
    p_at BIGINT, p_actor TEXT, p_role TEXT, p_country TEXT, p_action TEXT,
    p_object_kind TEXT, p_object_id TEXT, p_detail TEXT
) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    my_lane BIGINT := pg_backend_pid() % (SELECT COUNT(*) FROM audit_head);
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
    INSERT INTO audit (seq, lane, lane_seq, at, actor, role, country, action, object_kind, object_id, detail, prev_hash, hash)
    VALUES (next_seq, my_lane, next_lane_seq, p_at, p_actor, p_role, p_country, p_action, p_object_kind, p_object_id,
            p_detail, head_hash, next_hash);
    UPDATE audit_head SET lane_seq = next_lane_seq, hash = next_hash WHERE lane = my_lane;
    RETURN next_seq;
END;
$$;
