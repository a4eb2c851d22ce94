-- Residents' requests (接诉即办): the category catalogue and per-street rules, deadline settings,
-- requests with their timeline, photos, co-handlers and pauses, Open311 API keys, and the daily
-- rollup the dashboard reads.

-- The catalogue (defaults from DOMAIN.md §3; the module inserts them on start when missing).
CREATE TABLE request_categories (
  id               serial PRIMARY KEY,
  code             text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_zh          text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 50),
  name_en          text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
  kind             text NOT NULL CHECK (kind IN ('inquiry','help','complaint','report','suggestion')),
  route_to         text NOT NULL CHECK (route_to IN ('property','community','street','department')),
  -- for route_to = 'department': the end of the department's name (each district prefixes its own)
  department_name  text CHECK (department_name IS NULL OR length(department_name) BETWEEN 2 AND 50),
  deadline_class   text NOT NULL CHECK (deadline_class IN ('emergency','utilities','ordinary','complex')),
  sort             integer NOT NULL DEFAULT 0,
  active           boolean NOT NULL DEFAULT true,
  CHECK ((route_to = 'department') = (department_name IS NOT NULL))
);
CREATE UNIQUE INDEX request_categories_code_idx ON request_categories (code);

-- A street's own routing or deadline class for a category (NULL columns keep the catalogue's).
CREATE TABLE request_category_rules (
  street_id          bigint NOT NULL REFERENCES places(id),
  category_id        integer NOT NULL REFERENCES request_categories(id),
  route_to           text CHECK (route_to IN ('property','community','street','department')),
  department_org_id  bigint REFERENCES orgs(id),
  deadline_class     text CHECK (deadline_class IN ('emergency','utilities','ordinary','complex')),
  active             boolean,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         bigint REFERENCES users(id),
  PRIMARY KEY (street_id, category_id),
  CHECK ((route_to = 'department') = (department_org_id IS NOT NULL))
);

-- Deadline spans, calendar and rate weights for a district or street (street over district over defaults).
CREATE TABLE request_settings (
  place_id    bigint PRIMARY KEY REFERENCES places(id),
  settings    jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  bigint REFERENCES users(id),
  version     integer NOT NULL DEFAULT 1
);

CREATE TABLE open311_keys (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  -- the first characters, to recognise a key in lists; the key itself is stored only as sha256
  prefix        text NOT NULL,
  key_hash      text NOT NULL,
  -- requests may be filed anywhere under this place (a district or a street)
  place_id      bigint NOT NULL REFERENCES places(id),
  created_by    bigint REFERENCES users(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz,
  is_demo       boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX open311_keys_hash_idx ON open311_keys (key_hash);

CREATE TABLE requests (
  id                   bigserial PRIMARY KEY,
  ref_no               text GENERATED ALWAYS AS ('GZ' || lpad(id::text, 8, '0')) STORED,
  category_id          integer NOT NULL REFERENCES request_categories(id),
  kind                 text NOT NULL CHECK (kind IN ('inquiry','help','complaint','report','suggestion')),
  channel              text NOT NULL CHECK (channel IN ('resident','staff','grid','hotline','open311')),
  title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description          text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  -- where: a node from community down to a unit; the levels above it are copied for the rollup
  place_id             bigint NOT NULL REFERENCES places(id),
  place_path           text NOT NULL,
  location_note        text CHECK (location_note IS NULL OR length(location_note) <= 200),
  district_id          bigint NOT NULL,
  street_id            bigint NOT NULL,
  community_id         bigint NOT NULL,
  estate_id            bigint,
  lat                  numeric(9,6),
  lon                  numeric(9,6),
  -- who asked, and who entered it for them (staff, 三长, an import, an API key)
  requester_user_id    bigint REFERENCES users(id),
  requester_person_id  bigint REFERENCES persons(id),
  requester_name       text CHECK (requester_name IS NULL OR length(requester_name) <= 50),
  requester_phone      text CHECK (requester_phone IS NULL OR requester_phone ~ '^[0-9+\- ]{5,20}$'),
  entered_by           bigint REFERENCES users(id),
  api_key_id           bigint REFERENCES open311_keys(id),
  external_ref         text CHECK (external_ref IS NULL OR length(external_ref) <= 64),
  state                text NOT NULL DEFAULT 'submitted'
                       CHECK (state IN ('submitted','accepted','in_progress','deferred','escalated','resolved','closed','declined')),
  -- who holds it now: an office (community / street / district node) or an organisation
  owner_kind           text NOT NULL CHECK (owner_kind IN ('property','community','street','district','department')),
  owner_place_id       bigint NOT NULL REFERENCES places(id),
  owner_org_id         bigint REFERENCES orgs(id),
  -- 首接负责: the unit that received it first stays answerable for it after a transfer
  first_owner_kind     text NOT NULL,
  first_owner_place_id bigint NOT NULL REFERENCES places(id),
  first_owner_org_id   bigint REFERENCES orgs(id),
  accepted_by          bigint REFERENCES users(id),
  deadline_class       text NOT NULL CHECK (deadline_class IN ('emergency','utilities','ordinary','complex')),
  submitted_at         timestamptz NOT NULL DEFAULT now(),
  accept_due_at        timestamptz NOT NULL,
  accepted_at          timestamptz,
  contact_due_at       timestamptz,
  contacted_at         timestamptz,
  -- NULL while deferred (the clock is stopped; the time left is known, the due time is not)
  resolve_due_at       timestamptz,
  resolved_at          timestamptz,
  closed_at            timestamptz,
  resolution           text CHECK (resolution IS NULL OR length(resolution) <= 2000),
  reopen_count         integer NOT NULL DEFAULT 0,
  transfer_count       integer NOT NULL DEFAULT 0,
  rating               text CHECK (rating IN ('satisfied','basic','unsatisfied')),
  rating_reasons       text[],
  rating_comment       text CHECK (rating_comment IS NULL OR length(rating_comment) <= 500),
  rated_at             timestamptz,
  followup_result      text CHECK (followup_result IN ('satisfied','basic','unsatisfied','unreachable')),
  followup_note        text,
  followup_at          timestamptz,
  followup_by          bigint REFERENCES users(id),
  -- outcomes for the three rates, fixed once known, each with the local day it counts on
  response_outcome     text CHECK (response_outcome IN ('in_time','late')),
  response_day         date,
  resolution_outcome   text CHECK (resolution_outcome IN ('in_time','late','reopened','declined')),
  resolution_day       date,
  is_demo              boolean NOT NULL DEFAULT false,
  version              integer NOT NULL DEFAULT 1,
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_kind IN ('property','department')) = (owner_org_id IS NOT NULL)),
  CHECK ((response_outcome IS NULL) = (response_day IS NULL)),
  CHECK ((resolution_outcome IS NULL) = (resolution_day IS NULL)),
  CHECK ((rating IS NULL) = (rated_at IS NULL))
);
CREATE UNIQUE INDEX requests_ref_idx ON requests (ref_no);
CREATE INDEX requests_path_idx ON requests (place_path text_pattern_ops, id DESC);
CREATE INDEX requests_owner_place_idx ON requests (owner_place_id, id DESC) WHERE owner_org_id IS NULL;
CREATE INDEX requests_owner_org_idx ON requests (owner_org_id, id DESC) WHERE owner_org_id IS NOT NULL;
CREATE INDEX requests_first_owner_idx ON requests (first_owner_place_id, first_owner_org_id);
CREATE INDEX requests_requester_idx ON requests (requester_user_id, id DESC) WHERE requester_user_id IS NOT NULL;
CREATE INDEX requests_entered_idx ON requests (entered_by, id DESC) WHERE entered_by IS NOT NULL;
-- unfinished requests: the overdue list, the sweep, the live counts
CREATE INDEX requests_open_idx ON requests (place_path text_pattern_ops)
  WHERE state IN ('submitted','accepted','in_progress','deferred','escalated');
CREATE INDEX requests_resolved_idx ON requests (resolved_at) WHERE state = 'resolved';
-- the public Open311 list reads the newest first
CREATE INDEX requests_submitted_idx ON requests (submitted_at DESC);
-- one hotline order or API submission is filed once
CREATE UNIQUE INDEX requests_external_idx ON requests (channel, external_ref) WHERE external_ref IS NOT NULL;

-- The timeline: every transition, reply and internal note.
CREATE TABLE request_events (
  id             bigserial PRIMARY KEY,
  request_id     bigint NOT NULL REFERENCES requests(id),
  at             timestamptz NOT NULL DEFAULT now(),
  actor_user_id  bigint REFERENCES users(id),
  actor_name     text NOT NULL,
  -- in which capacity: requester, handler, cohandler, office, system
  actor_role     text NOT NULL,
  type           text NOT NULL,
  from_state     text,
  to_state       text,
  body           text CHECK (body IS NULL OR length(body) <= 2000),
  -- internal notes are for the handling side only; the requester never sees them
  internal       boolean NOT NULL DEFAULT false,
  data           jsonb
);
CREATE INDEX request_events_request_idx ON request_events (request_id, id);

-- Deferrals: the clock does not run between from_at and to_at.
CREATE TABLE request_pauses (
  request_id  bigint NOT NULL REFERENCES requests(id),
  from_at     timestamptz NOT NULL,
  to_at       timestamptz,
  PRIMARY KEY (request_id, from_at)
);
CREATE UNIQUE INDEX request_pauses_open_idx ON request_pauses (request_id) WHERE to_at IS NULL;

CREATE TABLE request_cohandlers (
  id          bigserial PRIMARY KEY,
  request_id  bigint NOT NULL REFERENCES requests(id),
  kind        text NOT NULL CHECK (kind IN ('property','community','street','district','department')),
  place_id    bigint NOT NULL REFERENCES places(id),
  org_id      bigint REFERENCES orgs(id),
  added_by    bigint REFERENCES users(id),
  added_at    timestamptz NOT NULL DEFAULT now(),
  note        text
);
CREATE UNIQUE INDEX request_cohandlers_unique_idx ON request_cohandlers (request_id, kind, place_id, coalesce(org_id, 0));
CREATE INDEX request_cohandlers_org_idx ON request_cohandlers (org_id) WHERE org_id IS NOT NULL;
CREATE INDEX request_cohandlers_place_idx ON request_cohandlers (place_id) WHERE org_id IS NULL;

-- Photos are stored in the database so every app node serves them. A photo is uploaded first
-- (unattached, owned by its uploader) and attached when the request or the event is written.
CREATE TABLE request_photos (
  id           bigserial PRIMARY KEY,
  request_id   bigint REFERENCES requests(id),
  event_id     bigint REFERENCES request_events(id),
  uploaded_by  bigint NOT NULL REFERENCES users(id),
  mime         text NOT NULL CHECK (mime IN ('image/jpeg','image/png','image/webp')),
  size         integer NOT NULL CHECK (size > 0 AND size <= 5242880),
  sha256       text NOT NULL,
  bytes        bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_photos_request_idx ON request_photos (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX request_photos_unattached_idx ON request_photos (created_at) WHERE request_id IS NULL;

-- The dashboard's rollup: per local day, per place on the request's line of ancestors (district,
-- street, community, estate), per dimension (0 all, 1 category, 2 handling organisation,
-- 3 handling office). Kept by the trigger below inside the writing transaction.
CREATE TABLE request_rollup (
  place_id            bigint NOT NULL,
  dim                 smallint NOT NULL,
  dim_id              bigint NOT NULL,
  day                 date NOT NULL,
  submitted           integer NOT NULL DEFAULT 0,
  response_due        integer NOT NULL DEFAULT 0,
  response_in_time    integer NOT NULL DEFAULT 0,
  resolution_due      integer NOT NULL DEFAULT 0,
  resolution_in_time  integer NOT NULL DEFAULT 0,
  declined            integer NOT NULL DEFAULT 0,
  reopened            integer NOT NULL DEFAULT 0,
  rated               integer NOT NULL DEFAULT 0,
  satisfied           integer NOT NULL DEFAULT 0,
  PRIMARY KEY (place_id, dim, day, dim_id)
);

-- What one request adds to the rollup (sign +1) or takes away (-1): one row per counting day.
CREATE FUNCTION request_rollup_contrib(r requests, s integer)
RETURNS TABLE (day date, submitted integer, response_due integer, response_in_time integer,
               resolution_due integer, resolution_in_time integer, declined integer, reopened integer,
               rated integer, satisfied integer)
-- VOLATILE keeps the planner from inlining it: inlined into a GROUP BY over a table it fails
-- ("variable not found in subplan target list")
LANGUAGE sql VOLATILE AS $$
  SELECT ((r.submitted_at AT TIME ZONE 'UTC') + interval '8 hours')::date, s, 0, 0, 0, 0, 0, 0, 0, 0
  UNION ALL
  SELECT r.response_day, 0, s, CASE WHEN r.response_outcome = 'in_time' THEN s ELSE 0 END, 0, 0, 0, 0, 0, 0
  WHERE r.response_day IS NOT NULL
  UNION ALL
  SELECT r.resolution_day, 0, 0, 0,
         CASE WHEN r.resolution_outcome = 'declined' THEN 0 ELSE s END,
         CASE WHEN r.resolution_outcome = 'in_time' THEN s ELSE 0 END,
         CASE WHEN r.resolution_outcome = 'declined' THEN s ELSE 0 END,
         CASE WHEN r.resolution_outcome = 'reopened' THEN s ELSE 0 END, 0, 0
  WHERE r.resolution_day IS NOT NULL
  UNION ALL
  SELECT ((r.rated_at AT TIME ZONE 'UTC') + interval '8 hours')::date, 0, 0, 0, 0, 0, 0, 0, s,
         CASE WHEN r.rating IN ('satisfied','basic') THEN s ELSE 0 END
  WHERE r.rated_at IS NOT NULL
$$;

-- The places and dimensions a request counts under.
CREATE FUNCTION request_rollup_keys(r requests)
RETURNS TABLE (place_id bigint, dim smallint, dim_id bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT p, d.dim, d.dim_id
  FROM unnest(ARRAY[r.district_id, r.street_id, r.community_id, r.estate_id]) AS p
  CROSS JOIN (VALUES (0::smallint, 0::bigint),
                     (1::smallint, r.category_id::bigint),
                     (CASE WHEN r.owner_org_id IS NULL THEN 3 ELSE 2 END::smallint, coalesce(r.owner_org_id, r.owner_place_id))) AS d(dim, dim_id)
  WHERE p IS NOT NULL
$$;

CREATE FUNCTION request_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO request_rollup AS t (place_id, dim, dim_id, day, submitted, response_due, response_in_time,
                                   resolution_due, resolution_in_time, declined, reopened, rated, satisfied)
  SELECT x.place_id, x.dim, x.dim_id, x.day, sum(x.submitted), sum(x.response_due), sum(x.response_in_time),
         sum(x.resolution_due), sum(x.resolution_in_time), sum(x.declined), sum(x.reopened), sum(x.rated), sum(x.satisfied)
  FROM (
    SELECT * FROM request_rollup_keys(OLD), request_rollup_contrib(OLD, -1) WHERE TG_OP = 'UPDATE'
    UNION ALL
    SELECT * FROM request_rollup_keys(NEW), request_rollup_contrib(NEW, 1)
  ) AS x
  GROUP BY x.place_id, x.dim, x.dim_id, x.day
  HAVING sum(x.submitted) <> 0 OR sum(x.response_due) <> 0 OR sum(x.response_in_time) <> 0 OR sum(x.resolution_due) <> 0
      OR sum(x.resolution_in_time) <> 0 OR sum(x.declined) <> 0 OR sum(x.reopened) <> 0 OR sum(x.rated) <> 0 OR sum(x.satisfied) <> 0
  -- one global order of rows, so concurrent writers take the row locks in the same order
  ORDER BY x.place_id, x.dim, x.day, x.dim_id
  ON CONFLICT (place_id, dim, day, dim_id) DO UPDATE SET
    submitted = t.submitted + excluded.submitted,
    response_due = t.response_due + excluded.response_due,
    response_in_time = t.response_in_time + excluded.response_in_time,
    resolution_due = t.resolution_due + excluded.resolution_due,
    resolution_in_time = t.resolution_in_time + excluded.resolution_in_time,
    declined = t.declined + excluded.declined,
    reopened = t.reopened + excluded.reopened,
    rated = t.rated + excluded.rated,
    satisfied = t.satisfied + excluded.satisfied;
  RETURN NULL;
END $$;

CREATE TRIGGER requests_rollup_insert AFTER INSERT ON requests
  FOR EACH ROW EXECUTE FUNCTION request_rollup_apply();
CREATE TRIGGER requests_rollup_update AFTER UPDATE ON requests
  FOR EACH ROW
  WHEN (OLD.submitted_at IS DISTINCT FROM NEW.submitted_at
     OR OLD.response_day IS DISTINCT FROM NEW.response_day OR OLD.response_outcome IS DISTINCT FROM NEW.response_outcome
     OR OLD.resolution_day IS DISTINCT FROM NEW.resolution_day OR OLD.resolution_outcome IS DISTINCT FROM NEW.resolution_outcome
     OR OLD.rated_at IS DISTINCT FROM NEW.rated_at OR OLD.rating IS DISTINCT FROM NEW.rating
     OR OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.place_id IS DISTINCT FROM NEW.place_id
     OR OLD.owner_org_id IS DISTINCT FROM NEW.owner_org_id OR OLD.owner_place_id IS DISTINCT FROM NEW.owner_place_id)
  EXECUTE FUNCTION request_rollup_apply();

-- Rebuild the rollup from the requests (after a bulk load with the triggers off, or to repair).
-- The same sums as the trigger, written inline (no per-row function calls) and inserted in key
-- order, so each scope's days sit together on disk.
CREATE FUNCTION request_rollup_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  DELETE FROM request_rollup;
  INSERT INTO request_rollup (place_id, dim, dim_id, day, submitted, response_due, response_in_time,
                              resolution_due, resolution_in_time, declined, reopened, rated, satisfied)
  WITH c AS (
    SELECT r.district_id, r.street_id, r.community_id, r.estate_id, r.category_id::bigint AS category,
           (CASE WHEN r.owner_org_id IS NULL THEN 3 ELSE 2 END)::smallint AS owner_dim, coalesce(r.owner_org_id, r.owner_place_id) AS owner_id, x.*
    FROM requests r CROSS JOIN LATERAL (VALUES
      (((r.submitted_at AT TIME ZONE 'UTC') + interval '8 hours')::date, 1, 0, 0, 0, 0, 0, 0, 0, 0),
      (r.response_day, 0, 1, (r.response_outcome = 'in_time')::int, 0, 0, 0, 0, 0, 0),
      (r.resolution_day, 0, 0, 0, (r.resolution_outcome <> 'declined')::int, (r.resolution_outcome = 'in_time')::int,
       (r.resolution_outcome = 'declined')::int, (r.resolution_outcome = 'reopened')::int, 0, 0),
      (((r.rated_at AT TIME ZONE 'UTC') + interval '8 hours')::date, 0, 0, 0, 0, 0, 0, 0, 1, (r.rating IN ('satisfied','basic'))::int)
    ) AS x(day, submitted, response_due, response_in_time, resolution_due, resolution_in_time, declined, reopened, rated, satisfied)
    WHERE x.day IS NOT NULL
  ), g AS (
    SELECT district_id, street_id, community_id, estate_id, category, owner_dim, owner_id, day,
           sum(submitted) AS submitted, sum(response_due) AS response_due, sum(response_in_time) AS response_in_time,
           sum(resolution_due) AS resolution_due, sum(resolution_in_time) AS resolution_in_time, sum(declined) AS declined,
           sum(reopened) AS reopened, sum(rated) AS rated, sum(satisfied) AS satisfied
    FROM c GROUP BY district_id, street_id, community_id, estate_id, category, owner_dim, owner_id, day
  )
  SELECT p.place_id, d.dim, d.dim_id, g.day, sum(g.submitted), sum(g.response_due), sum(g.response_in_time), sum(g.resolution_due),
         sum(g.resolution_in_time), sum(g.declined), sum(g.reopened), sum(g.rated), sum(g.satisfied)
  FROM g
  CROSS JOIN LATERAL (VALUES (g.district_id), (g.street_id), (g.community_id), (g.estate_id)) AS p(place_id)
  CROSS JOIN LATERAL (VALUES (0::smallint, 0::bigint), (1::smallint, g.category), (g.owner_dim, g.owner_id)) AS d(dim, dim_id)
  WHERE p.place_id IS NOT NULL
  GROUP BY p.place_id, d.dim, d.dim_id, g.day
  ORDER BY p.place_id, d.dim, g.day, d.dim_id;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
