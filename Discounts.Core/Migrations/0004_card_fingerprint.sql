-- 0004: the card fingerprint of a confirmed usage's payment (from Stripe), for the risk check at confirmation:
-- the same card used by several accounts on a one-per-user code.
ALTER TABLE discount_usage ADD COLUMN card_fingerprint text;
CREATE INDEX discount_usage_code_card_idx ON discount_usage (code_id, card_fingerprint) WHERE card_fingerprint IS NOT NULL;
