-- Core: the place tree, organisations, people and ownership, accounts, roles, sessions,
-- the audit ledger, notifications and node coordination.

CREATE TABLE places (
  id          bigserial PRIMARY KEY,
  parent_id   bigint REFERENCES places(id),
  kind        text NOT NULL CHECK (kind IN ('district','street','community','estate','building','entrance','unit')),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  code        text CHECK (code IS NULL OR length(code) <= 50),
  -- materialised path of ids, '/1/5/23/'; a subtree is one prefix range scan
  path        text NOT NULL,
  depth       smallint NOT NULL,
  attrs       jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_demo     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz,
  version     integer NOT NULL DEFAULT 1,
  CHECK ((parent_id IS NULL) = (kind = 'district'))
);
CREATE UNIQUE INDEX places_path_idx ON places (path text_pattern_ops);
CREATE INDEX places_parent_idx ON places (parent_id);
CREATE UNIQUE INDEX places_sibling_name_idx ON places (parent_id, name) WHERE retired_at IS NULL;
CREATE INDEX places_kind_idx ON places (kind, path text_pattern_ops);

CREATE TABLE orgs (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('property_company','department','developer','social_org')),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- where the organisation works: a department's area, a company's home district
  place_id    bigint NOT NULL REFERENCES places(id),
  attrs       jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_demo     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);
CREATE UNIQUE INDEX orgs_name_idx ON orgs (kind, name) WHERE retired_at IS NULL;

-- which property company serves an estate (one at a time)
CREATE TABLE estate_property (
  estate_id   bigint PRIMARY KEY REFERENCES places(id),
  company_id  bigint NOT NULL REFERENCES orgs(id),
  since       date NOT NULL DEFAULT CURRENT_DATE
);
CREATE INDEX estate_property_company_idx ON estate_property (company_id);

CREATE TABLE persons (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  gender          text CHECK (gender IN ('M','F')),
  birth_date      date,
  phone           text CHECK (phone IS NULL OR phone ~ '^[0-9+\- ]{5,20}$'),
  -- ID number: AES-256-GCM ciphertext, a display mask, and a keyed hash to find duplicates
  id_number_enc   text,
  id_number_mask  text,
  id_number_hmac  text,
  is_demo         boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX persons_id_number_idx ON persons (id_number_hmac) WHERE id_number_hmac IS NOT NULL;
CREATE INDEX persons_name_idx ON persons (name);

CREATE TABLE households (
  id          bigserial PRIMARY KEY,
  unit_id     bigint NOT NULL REFERENCES places(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);
CREATE INDEX households_unit_idx ON households (unit_id);

CREATE TABLE household_members (
  household_id  bigint NOT NULL REFERENCES households(id),
  person_id     bigint NOT NULL REFERENCES persons(id),
  relation      text NOT NULL CHECK (relation IN ('head','spouse','child','parent','grandchild','sibling','other','tenant')),
  since         date,
  PRIMARY KEY (household_id, person_id)
);
CREATE INDEX household_members_person_idx ON household_members (person_id);
CREATE UNIQUE INDEX household_one_head_idx ON household_members (household_id) WHERE relation = 'head';

-- area of a unit (专有部分) in 0.01 m², by source; the effective area is registry > surveyed > contract
CREATE TABLE unit_areas (
  unit_id     bigint NOT NULL REFERENCES places(id),
  source      text NOT NULL CHECK (source IN ('registry','surveyed','contract')),
  area_centi  bigint NOT NULL CHECK (area_centi > 0 AND area_centi < 10000000),
  PRIMARY KEY (unit_id, source)
);

-- who owns a unit: a person, or an organisation (the developer for unsold or undelivered units)
CREATE TABLE ownerships (
  id                  bigserial PRIMARY KEY,
  unit_id             bigint NOT NULL REFERENCES places(id),
  person_id           bigint REFERENCES persons(id),
  org_id              bigint REFERENCES orgs(id),
  basis               text NOT NULL CHECK (basis IN ('registered','lawful_occupation','unsold')),
  -- co-owners of one unit are one voter and name who votes
  is_voting_delegate  boolean NOT NULL DEFAULT false,
  since               date,
  ended_at            date,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((person_id IS NULL) <> (org_id IS NULL)),
  CHECK ((basis = 'unsold') = (org_id IS NOT NULL))
);
CREATE UNIQUE INDEX ownerships_person_idx ON ownerships (unit_id, person_id) WHERE ended_at IS NULL AND person_id IS NOT NULL;
CREATE UNIQUE INDEX ownerships_org_idx ON ownerships (unit_id, org_id) WHERE ended_at IS NULL AND org_id IS NOT NULL;
CREATE UNIQUE INDEX ownerships_delegate_idx ON ownerships (unit_id) WHERE is_voting_delegate AND ended_at IS NULL;
CREATE INDEX ownerships_person_lookup_idx ON ownerships (person_id);

CREATE TABLE users (
  id                    bigserial PRIMARY KEY,
  username              text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.\-]{3,40}$'),
  display_name          text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  person_id             bigint REFERENCES persons(id),
  org_id                bigint REFERENCES orgs(id),
  password_hash         text NOT NULL,
  locale                text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN','en')),
  failed_logins         integer NOT NULL DEFAULT 0,
  locked_until          timestamptz,
  must_change_password  boolean NOT NULL DEFAULT false,
  disabled_at           timestamptz,
  is_demo               boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now(),
  password_changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_idx ON users (lower(username));

CREATE TABLE role_assignments (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id),
  role        text NOT NULL CHECK (role IN ('district_admin','street_admin','community_worker','pian_zhang','zu_zhang','lin_zhang','property_staff','department_staff','resident')),
  place_id    bigint NOT NULL REFERENCES places(id),
  org_id      bigint REFERENCES orgs(id),
  granted_by  bigint REFERENCES users(id),
  granted_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CHECK ((role IN ('property_staff','department_staff')) = (org_id IS NOT NULL))
);
CREATE UNIQUE INDEX role_assignments_active_idx ON role_assignments (user_id, role, place_id) WHERE revoked_at IS NULL;
CREATE INDEX role_assignments_place_idx ON role_assignments (place_id) WHERE revoked_at IS NULL;

CREATE TABLE sessions (
  id            text PRIMARY KEY,  -- sha256 of the cookie token; the token itself is never stored
  user_id       bigint NOT NULL REFERENCES users(id),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- The audit ledger: append-only, hash-chained. audit_head holds the chain tip and is the lock
-- that orders appends across app nodes.
CREATE TABLE audit_log (
  seq            bigint PRIMARY KEY,
  at             timestamptz NOT NULL,
  actor_user_id  bigint,
  actor_name     text,
  action         text NOT NULL,
  entity         text NOT NULL,
  entity_id      text,
  place_path     text,
  before         jsonb,
  after          jsonb,
  ip             text,
  prev_hash      text NOT NULL,
  hash           text NOT NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_place_idx ON audit_log (place_path text_pattern_ops);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE TABLE audit_head (
  id    integer PRIMARY KEY CHECK (id = 1),
  seq   bigint NOT NULL,
  hash  text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE TABLE notifications (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id),
  kind        text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL DEFAULT '',
  link        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- periodic sweeps: which node ran what, when (the run itself is guarded by an advisory lock)
CREATE TABLE sweep_runs (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  node_id      text NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL,
  result       jsonb
);
CREATE INDEX sweep_runs_name_idx ON sweep_runs (name, id DESC);

CREATE TABLE app_meta (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);
