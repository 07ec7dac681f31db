-- 0007: holds that expired unpaid, counted per device and per address across codes and accounts (the risk
-- signals of EC-044, denial of inventory). Partial: only abandoned holds are indexed, a small share of usages.
-- (Per account, discount_usage_user_time_idx serves.)
CREATE INDEX discount_usage_unpaid_device_idx ON discount_usage (device_fingerprint, reserved_at)
    WHERE release_reason IN ('expired', 'session_expired') AND device_fingerprint IS NOT NULL;
CREATE INDEX discount_usage_unpaid_ip_idx ON discount_usage (client_ip, reserved_at)
    WHERE release_reason IN ('expired', 'session_expired') AND client_ip IS NOT NULL;
