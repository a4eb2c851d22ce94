-- Party organisation (党组织) and the three-level grid (三长制): the organisation tree mapped to
-- places with committees and terms, which branch covers which estate (应建尽建), party members with
-- their transfers, 三会一课 meetings with attendance, motions, minutes and files, 双报到 (registration
-- at the community of residence, service posts, claims, hours, yearly evaluation), the 片 → 组 → 邻
-- grid over households, visits (走访) linked to requests, and 三长 points.

-- a role for the secretary (and committee members) of a party organisation, held on its place
ALTER TABLE role_assignments DROP CONSTRAINT role_assignments_role_check;
ALTER TABLE role_assignments ADD CONSTRAINT role_assignments_role_check CHECK (role IN (
  'district_admin','street_admin','community_worker','pian_zhang','zu_zhang','lin_zhang',
  'property_staff','department_staff','resident','owners_committee','party_secretary'));

-- meeting frequencies, reminder days, term warning days, 邻 size limits … for a district, street
-- or community (community over street over district over defaults)
CREATE TABLE party_settings (
  place_id    bigint PRIMARY KEY REFERENCES places(id),
  settings    jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  bigint REFERENCES users(id),
  version     integer NOT NULL DEFAULT 1
);

-- 街道党工委 → 社区党总支 / 社区党委 → 小区党支部 / 联合党支部 → 楼栋党小组
CREATE TABLE party_orgs (
  id           bigserial PRIMARY KEY,
  parent_id    bigint REFERENCES party_orgs(id),
  kind         text NOT NULL CHECK (kind IN ('working_committee','general_branch','community_committee','branch','joint_branch','group')),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- the place it is anchored on: a street, a community, an estate (a joint branch: its community), a building
  place_id     bigint NOT NULL REFERENCES places(id),
  place_path   text NOT NULL,
  -- materialised path of org ids, '/3/17/'; an organisation's subtree is one prefix scan
  org_path     text NOT NULL,
  -- 第六章: community (村、社区) organisations' committees serve 5 years, others 3
  term_kind    text NOT NULL CHECK (term_kind IN ('community','other')),
  -- the day the current committee (or secretary) was elected
  elected_on   date,
  founded_on   date,
  is_demo      boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz,
  version      integer NOT NULL DEFAULT 1,
  CHECK ((parent_id IS NULL) = (kind = 'working_committee'))
);
CREATE UNIQUE INDEX party_orgs_path_idx ON party_orgs (org_path text_pattern_ops);
CREATE INDEX party_orgs_parent_idx ON party_orgs (parent_id);
CREATE INDEX party_orgs_place_idx ON party_orgs (place_path text_pattern_ops) WHERE retired_at IS NULL;
CREATE UNIQUE INDEX party_orgs_sibling_name_idx ON party_orgs (parent_id, name) WHERE retired_at IS NULL;

-- which branch (own or joint) covers an estate: one at a time
CREATE TABLE party_org_estates (
  estate_id  bigint PRIMARY KEY REFERENCES places(id),
  org_id     bigint NOT NULL REFERENCES party_orgs(id),
  since      date NOT NULL DEFAULT CURRENT_DATE
);
CREATE INDEX party_org_estates_org_idx ON party_org_estates (org_id);

-- an estate without a branch where party work is organised (党的工作覆盖): a contact member
CREATE TABLE party_work_estates (
  estate_id          bigint PRIMARY KEY REFERENCES places(id),
  contact_person_id  bigint REFERENCES persons(id),
  note               text CHECK (note IS NULL OR length(note) <= 500),
  since              date NOT NULL DEFAULT CURRENT_DATE
);

-- the branch committee (or the secretary alone, below 7 full members)
CREATE TABLE party_committee_members (
  org_id     bigint NOT NULL REFERENCES party_orgs(id),
  person_id  bigint NOT NULL REFERENCES persons(id),
  post       text NOT NULL CHECK (post IN ('secretary','deputy_secretary','organisation','propaganda','discipline','member')),
  since      date,
  PRIMARY KEY (org_id, person_id)
);
CREATE UNIQUE INDEX party_committee_secretary_idx ON party_committee_members (org_id) WHERE post = 'secretary';
CREATE INDEX party_committee_person_idx ON party_committee_members (person_id);

-- party members: full or probationary, where they live, their organisation (NULL once transferred out)
CREATE TABLE party_members (
  id                bigserial PRIMARY KEY,
  person_id         bigint NOT NULL REFERENCES persons(id),
  org_id            bigint REFERENCES party_orgs(id),
  status            text NOT NULL CHECK (status IN ('full','probationary')),
  joined_on         date,
  full_on           date,
  -- 在职 (in service, with an employer), 银龄 (retired), other
  category          text NOT NULL CHECK (category IN ('in_service','retired','other')),
  employer          text CHECK (employer IS NULL OR length(employer) <= 100),
  -- 机关党员干部: a cadre of a party or state organ
  organ_cadre       boolean NOT NULL DEFAULT false,
  -- the unit they live in, and its estate (coverage counts members by estate)
  unit_id           bigint REFERENCES places(id),
  estate_id         bigint REFERENCES places(id),
  place_path        text,
  left_on           date,
  is_demo           boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  CHECK ((left_on IS NULL) = (org_id IS NOT NULL))
);
CREATE UNIQUE INDEX party_members_person_idx ON party_members (person_id);
CREATE INDEX party_members_org_idx ON party_members (org_id) WHERE org_id IS NOT NULL;
CREATE INDEX party_members_estate_idx ON party_members (estate_id) WHERE org_id IS NOT NULL;
CREATE INDEX party_members_path_idx ON party_members (place_path text_pattern_ops);

-- 组织关系转入 / 转出 / 内部调整, with history
CREATE TABLE party_member_transfers (
  id           bigserial PRIMARY KEY,
  member_id    bigint NOT NULL REFERENCES party_members(id),
  direction    text NOT NULL CHECK (direction IN ('in','out','within')),
  from_org_id  bigint REFERENCES party_orgs(id),
  to_org_id    bigint REFERENCES party_orgs(id),
  -- an organisation outside the system (where a member came from or went to)
  outside_org  text CHECK (outside_org IS NULL OR length(outside_org) <= 100),
  on_date      date NOT NULL,
  reason       text CHECK (reason IS NULL OR length(reason) <= 500),
  created_by   bigint REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX party_member_transfers_member_idx ON party_member_transfers (member_id, id);

-- 三会一课 and the other meetings of an organisation
CREATE TABLE party_meetings (
  id          bigserial PRIMARY KEY,
  org_id      bigint NOT NULL REFERENCES party_orgs(id),
  kind        text NOT NULL CHECK (kind IN ('members','committee','group','lecture','theme_day','life_meeting','appraisal')),
  held_on     date NOT NULL,
  topic       text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
  location    text CHECK (location IS NULL OR length(location) <= 200),
  minutes     text CHECK (minutes IS NULL OR length(minutes) <= 20000),
  -- who should attend (members with a vote, or the committee) and who came, fixed from the attendance
  entitled    integer NOT NULL DEFAULT 0 CHECK (entitled >= 0),
  present     integer NOT NULL DEFAULT 0 CHECK (present >= 0),
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  is_demo     boolean NOT NULL DEFAULT false,
  version     integer NOT NULL DEFAULT 1
);
CREATE INDEX party_meetings_org_idx ON party_meetings (org_id, kind, held_on);
CREATE INDEX party_meetings_held_idx ON party_meetings (held_on);

CREATE TABLE party_meeting_attendance (
  meeting_id  bigint NOT NULL REFERENCES party_meetings(id) ON DELETE CASCADE,
  member_id   bigint NOT NULL REFERENCES party_members(id),
  status      text NOT NULL CHECK (status IN ('present','leave','absent')),
  -- probationary members attend without a vote (第十一条 counts members with a vote)
  voting      boolean NOT NULL,
  PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE party_meeting_motions (
  id          bigserial PRIMARY KEY,
  meeting_id  bigint NOT NULL REFERENCES party_meetings(id) ON DELETE CASCADE,
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  in_favour   integer NOT NULL CHECK (in_favour >= 0),
  against     integer NOT NULL CHECK (against >= 0),
  abstain     integer NOT NULL CHECK (abstain >= 0),
  passed      boolean NOT NULL
);
CREATE INDEX party_meeting_motions_meeting_idx ON party_meeting_motions (meeting_id);

CREATE TABLE party_meeting_files (
  id           bigserial PRIMARY KEY,
  meeting_id   bigint NOT NULL REFERENCES party_meetings(id) ON DELETE CASCADE,
  filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  mime         text NOT NULL,
  bytes        bytea NOT NULL,
  sha256       text NOT NULL,
  size         integer NOT NULL,
  uploaded_by  bigint NOT NULL REFERENCES users(id),
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX party_meeting_files_meeting_idx ON party_meeting_files (meeting_id);

-- a reminder for a calendar period is sent once, whichever node's sweep sends it
CREATE TABLE party_reminders (
  org_id        bigint NOT NULL REFERENCES party_orgs(id),
  kind          text NOT NULL,
  period_start  date NOT NULL,
  sent_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, kind, period_start)
);

-- 双报到: an organisation or an in-service member registers at the community where they live
CREATE TABLE dual_registrations (
  id              bigserial PRIMARY KEY,
  community_id    bigint NOT NULL REFERENCES places(id),
  community_path  text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('member','organisation')),
  member_id       bigint REFERENCES party_members(id),
  org_name        text CHECK (org_name IS NULL OR length(org_name) BETWEEN 1 AND 100),
  contact_name    text CHECK (contact_name IS NULL OR length(contact_name) <= 50),
  contact_phone   text CHECK (contact_phone IS NULL OR contact_phone ~ '^[0-9+\- ]{5,20}$'),
  registered_on   date NOT NULL DEFAULT CURRENT_DATE,
  ended_on        date,
  created_by      bigint REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  is_demo         boolean NOT NULL DEFAULT false,
  CHECK ((kind = 'member') = (member_id IS NOT NULL)),
  CHECK ((kind = 'organisation') = (org_name IS NOT NULL))
);
CREATE UNIQUE INDEX dual_registrations_member_idx ON dual_registrations (community_id, member_id) WHERE member_id IS NOT NULL AND ended_on IS NULL;
CREATE UNIQUE INDEX dual_registrations_org_idx ON dual_registrations (community_id, lower(org_name)) WHERE org_name IS NOT NULL AND ended_on IS NULL;
CREATE INDEX dual_registrations_path_idx ON dual_registrations (community_path text_pattern_ops);

-- the community's catalogue of service posts (岗位) and tasks (任务)
CREATE TABLE dual_posts (
  id              bigserial PRIMARY KEY,
  community_id    bigint NOT NULL REFERENCES places(id),
  community_path  text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('post','task')),
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description     text CHECK (description IS NULL OR length(description) <= 2000),
  -- places to fill; NULL: no limit
  capacity        integer CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 10000),
  claimed         integer NOT NULL DEFAULT 0 CHECK (claimed >= 0),
  starts_on       date,
  ends_on         date,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  created_by      bigint REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  is_demo         boolean NOT NULL DEFAULT false,
  version         integer NOT NULL DEFAULT 1,
  CHECK (capacity IS NULL OR claimed <= capacity)
);
CREATE INDEX dual_posts_path_idx ON dual_posts (community_path text_pattern_ops);

CREATE TABLE dual_claims (
  id               bigserial PRIMARY KEY,
  post_id          bigint NOT NULL REFERENCES dual_posts(id),
  registration_id  bigint NOT NULL REFERENCES dual_registrations(id),
  claimed_at       timestamptz NOT NULL DEFAULT now(),
  withdrawn_at     timestamptz
);
CREATE UNIQUE INDEX dual_claims_active_idx ON dual_claims (post_id, registration_id) WHERE withdrawn_at IS NULL;
CREATE INDEX dual_claims_registration_idx ON dual_claims (registration_id);

-- service hours, in minutes, confirmed by the community
CREATE TABLE dual_hours (
  id               bigserial PRIMARY KEY,
  registration_id  bigint NOT NULL REFERENCES dual_registrations(id),
  post_id          bigint REFERENCES dual_posts(id),
  served_on        date NOT NULL,
  minutes          integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  note             text CHECK (note IS NULL OR length(note) <= 500),
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','confirmed','rejected')),
  decided_by       bigint REFERENCES users(id),
  decided_at       timestamptz,
  created_by       bigint REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  is_demo          boolean NOT NULL DEFAULT false
);
CREATE INDEX dual_hours_registration_idx ON dual_hours (registration_id, served_on);

CREATE TABLE dual_evaluations (
  registration_id  bigint NOT NULL REFERENCES dual_registrations(id),
  year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  grade            text NOT NULL CHECK (grade IN ('excellent','good','fair','poor')),
  comment          text CHECK (comment IS NULL OR length(comment) <= 1000),
  evaluated_by     bigint REFERENCES users(id),
  evaluated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (registration_id, year)
);

-- The 三长 grid: 片 (anchored on a community) → 组 (an estate) → 邻 (a building or an entrance)
CREATE TABLE grid_cells (
  id                bigserial PRIMARY KEY,
  level             text NOT NULL CHECK (level IN ('pian','zu','lin')),
  parent_id         bigint REFERENCES grid_cells(id),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  place_id          bigint NOT NULL REFERENCES places(id),
  place_path        text NOT NULL,
  -- materialised path of cell ids, '/5/40/312/'
  cell_path         text NOT NULL,
  leader_person_id  bigint REFERENCES persons(id),
  leader_since      date,
  is_demo           boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  retired_at        timestamptz,
  version           integer NOT NULL DEFAULT 1,
  CHECK ((level = 'pian') = (parent_id IS NULL))
);
CREATE UNIQUE INDEX grid_cells_path_idx ON grid_cells (cell_path text_pattern_ops);
CREATE INDEX grid_cells_parent_idx ON grid_cells (parent_id);
CREATE INDEX grid_cells_place_idx ON grid_cells (place_path text_pattern_ops) WHERE retired_at IS NULL;
CREATE INDEX grid_cells_leader_idx ON grid_cells (leader_person_id) WHERE leader_person_id IS NOT NULL;

-- each household in exactly one 邻
CREATE TABLE grid_households (
  household_id  bigint PRIMARY KEY REFERENCES households(id),
  lin_id        bigint NOT NULL REFERENCES grid_cells(id),
  assigned_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_households_lin_idx ON grid_households (lin_id);

-- 走访: a visit to a household; a concern found becomes a request on the resident's behalf
CREATE TABLE grid_visits (
  id                 bigserial PRIMARY KEY,
  household_id       bigint NOT NULL REFERENCES households(id),
  lin_id             bigint REFERENCES grid_cells(id),
  place_path         text NOT NULL,
  visitor_person_id  bigint REFERENCES persons(id),
  visitor_user_id    bigint NOT NULL REFERENCES users(id),
  visited_at         timestamptz NOT NULL,
  notes              text NOT NULL CHECK (length(notes) BETWEEN 1 AND 2000),
  concern            boolean NOT NULL DEFAULT false,
  request_id         bigint REFERENCES requests(id),
  is_demo            boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_visits_household_idx ON grid_visits (household_id, visited_at DESC);
CREATE INDEX grid_visits_visitor_idx ON grid_visits (visitor_user_id, visited_at DESC);
CREATE INDEX grid_visits_path_idx ON grid_visits (place_path text_pattern_ops, visited_at);
CREATE UNIQUE INDEX grid_visits_request_idx ON grid_visits (request_id) WHERE request_id IS NOT NULL;

-- 三长 points: visits, reports, activity, awards and adjustments; one entry per source record
CREATE TABLE grid_points (
  id          bigserial PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES persons(id),
  kind        text NOT NULL CHECK (kind IN ('visit','report','activity','award','adjust')),
  points      integer NOT NULL CHECK (points BETWEEN -1000 AND 1000),
  ref_id      bigint,
  note        text CHECK (note IS NULL OR length(note) <= 200),
  at          timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES users(id),
  is_demo     boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX grid_points_source_idx ON grid_points (kind, ref_id) WHERE ref_id IS NOT NULL AND kind IN ('visit','report');
CREATE INDEX grid_points_person_idx ON grid_points (person_id, at);
