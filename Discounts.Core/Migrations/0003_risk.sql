-- 0003: risk signals are gathered per apply; these indexes keep them cheap on a code with many usages.
CREATE INDEX discount_usage_code_ip_idx ON discount_usage (code_id, client_ip) WHERE client_ip IS NOT NULL;
CREATE INDEX discount_usage_code_device_idx ON discount_usage (code_id, device_fingerprint) WHERE device_fingerprint IS NOT NULL;
CREATE INDEX discount_usage_user_time_idx ON discount_usage (user_id, reserved_at);

-- CAPTCHA tokens already presented (SHA-256 of the token): a replayed token is refused (EC-038).
CREATE TABLE captcha_token (
    token_hash  bytea PRIMARY KEY,
    used_at     timestamptz NOT NULL
);
CREATE INDEX captcha_token_used_idx ON captcha_token (used_at);
