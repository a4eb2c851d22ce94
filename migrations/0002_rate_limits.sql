-- Request rate limits counted in the database, so every app node sees the same count.
CREATE TABLE rate_limits (
  key           text PRIMARY KEY,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL
);
CREATE INDEX rate_limits_window_idx ON rate_limits (window_start);
