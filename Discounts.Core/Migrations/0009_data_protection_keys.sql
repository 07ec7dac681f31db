-- 0009: the admin console's data-protection key ring (it encrypts the session cookie, the antiforgery tokens and the
-- sign-in's correlation state). Many instances serve the console: a key kept on one instance's disk would make a
-- cookie issued by one instance unreadable on the next, so the ring lives where every instance reads it.
CREATE TABLE data_protection_key (
    name        text PRIMARY KEY,
    xml         text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
