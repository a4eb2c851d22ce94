-- Owners' assemblies (业主大会) and owners' committees (业委会): settings, assemblies with their
-- matters and elections, the frozen voter roll, notice delivery, ballots with receipts, the
-- hash-chained ballot ledger, attached files, one-time codes and the SMS outbox, extraordinary-
-- meeting petitions, elected committees and their follow-up tasks.

-- a role for the members of an owners' committee or of a preparatory group (筹备组), held on an estate
ALTER TABLE role_assignments DROP CONSTRAINT role_assignments_role_check;
ALTER TABLE role_assignments ADD CONSTRAINT role_assignments_role_check CHECK (role IN (
  'district_admin','street_admin','community_worker','pian_zhang','zu_zhang','lin_zhang',
  'property_staff','department_staff','resident','owners_committee'));

-- notice days, publicity days, the covenant's deemed-vote clause, committee seats … for a district,
-- street or estate (estate over street over district over defaults)
CREATE TABLE assembly_settings (
  place_id    bigint PRIMARY KEY REFERENCES places(id),
  settings    jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  bigint REFERENCES users(id),
  version     integer NOT NULL DEFAULT 1
);

-- an extraordinary meeting asked for by owners (≥ 20 % of area and ≥ 20 % of owners)
CREATE TABLE assembly_petitions (
  id           bigserial PRIMARY KEY,
  estate_id    bigint NOT NULL REFERENCES places(id),
  estate_path  text NOT NULL,
  title        text NOT NULL CHECK (length(title) BETWEEN 2 AND 100),
  reason       text NOT NULL CHECK (length(reason) BETWEEN 2 AND 2000),
  state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open','reached','convened','withdrawn')),
  created_by   bigint NOT NULL REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  reached_at   timestamptz,
  assembly_id  bigint
);
CREATE INDEX assembly_petitions_estate_idx ON assembly_petitions (estate_path text_pattern_ops);

-- one signature per owner (the owner key of the live roll: the same set of owners signs once)
CREATE TABLE assembly_petition_signatures (
  petition_id  bigint NOT NULL REFERENCES assembly_petitions(id),
  owner_key    text NOT NULL,
  person_id    bigint NOT NULL REFERENCES persons(id),
  user_id      bigint NOT NULL REFERENCES users(id),
  signed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (petition_id, owner_key)
);

CREATE TABLE assemblies (
  id                bigserial PRIMARY KEY,
  estate_id         bigint NOT NULL REFERENCES places(id),
  estate_path       text NOT NULL,
  title             text NOT NULL CHECK (length(title) BETWEEN 2 AND 100),
  kind              text NOT NULL CHECK (kind IN ('regular','extraordinary','first')),
  organiser_kind    text NOT NULL CHECK (organiser_kind IN ('preparatory_group','owners_committee','residents_committee','street')),
  organiser_name    text NOT NULL CHECK (length(organiser_name) BETWEEN 2 AND 100),
  notice            text NOT NULL DEFAULT '' CHECK (length(notice) <= 20000),
  state             text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','announced','voting','closed','counted','published','archived')),
  voting_opens_at   timestamptz NOT NULL,
  voting_closes_at  timestamptz NOT NULL,
  petition_id       bigint REFERENCES assembly_petitions(id),
  -- fixed when announced, from the settings then in force
  notice_days       integer,
  publicity_days    integer,
  deemed_votes      boolean NOT NULL DEFAULT false,
  -- totals of the frozen roll (exclusive area in 0.01 m², owners)
  roll_area_centi   bigint,
  roll_persons      integer,
  announced_at      timestamptz,
  opened_at         timestamptz,
  closed_at         timestamptz,
  counted_at        timestamptz,
  published_at      timestamptz,
  publicity_ends_at timestamptz,
  archived_at       timestamptz,
  results           jsonb,
  -- the ballot ledger's head: every ledger append locks this row
  ledger_seq        integer NOT NULL DEFAULT 0,
  ledger_head       text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  created_by        bigint NOT NULL REFERENCES users(id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  CHECK (voting_closes_at > voting_opens_at)
);
CREATE INDEX assemblies_estate_idx ON assemblies (estate_path text_pattern_ops);
CREATE INDEX assemblies_state_idx ON assemblies (state);
ALTER TABLE assembly_petitions ADD CONSTRAINT assembly_petitions_assembly_fk FOREIGN KEY (assembly_id) REFERENCES assemblies(id);

-- an owners' committee election inside an assembly: its candidates are matters of 278 item (3)
CREATE TABLE assembly_elections (
  id           bigserial PRIMARY KEY,
  assembly_id  bigint NOT NULL REFERENCES assemblies(id),
  title        text NOT NULL CHECK (length(title) BETWEEN 2 AND 100),
  seats        smallint NOT NULL CHECK (seats BETWEEN 5 AND 11 AND seats % 2 = 1),
  term_years   smallint NOT NULL CHECK (term_years BETWEEN 1 AND 5)
);
CREATE UNIQUE INDEX assembly_elections_one_idx ON assembly_elections (assembly_id);

-- one question put to the owners; item is the 民法典 第278条 item (1)–(9) it falls under
CREATE TABLE assembly_matters (
  id           bigserial PRIMARY KEY,
  assembly_id  bigint NOT NULL REFERENCES assemblies(id),
  seq          smallint NOT NULL CHECK (seq BETWEEN 1 AND 200),
  item         smallint NOT NULL CHECK (item BETWEEN 1 AND 9),
  title        text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  election_id  bigint REFERENCES assembly_elections(id),
  UNIQUE (assembly_id, seq),
  UNIQUE (id, assembly_id),
  CHECK (election_id IS NULL OR item = 3)
);

CREATE TABLE assembly_candidates (
  matter_id           bigint PRIMARY KEY REFERENCES assembly_matters(id),
  election_id         bigint NOT NULL REFERENCES assembly_elections(id),
  person_id           bigint NOT NULL REFERENCES persons(id),
  statement           text NOT NULL DEFAULT '' CHECK (length(statement) <= 5000),
  -- eligibility: an owner of the estate (checked against the roll); fee arrears when fee data exists
  is_owner            boolean NOT NULL,
  arrears             text NOT NULL DEFAULT 'unknown' CHECK (arrears IN ('none','arrears','unknown')),
  -- the party organisation's review (党组织审核)
  party_review        text NOT NULL DEFAULT 'pending' CHECK (party_review IN ('pending','approved','rejected')),
  party_review_note   text,
  party_reviewed_by   bigint REFERENCES users(id),
  party_reviewed_at   timestamptz,
  party_member        boolean NOT NULL DEFAULT false,
  branch_committee    boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX assembly_candidates_person_idx ON assembly_candidates (election_id, person_id);

-- the voter roll, frozen when the assembly is announced (司法解释 第8–9条: one voter per owner,
-- the same owners of several units once, the developer's unsold units together once)
CREATE TABLE assembly_voters (
  id                  bigserial PRIMARY KEY,
  assembly_id         bigint NOT NULL REFERENCES assemblies(id),
  voter_no            integer NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('person','developer')),
  owner_key           text NOT NULL,
  name                text NOT NULL,
  delegate_person_id  bigint REFERENCES persons(id),
  org_id              bigint REFERENCES orgs(id),
  area_centi          bigint NOT NULL CHECK (area_centi >= 0),
  unit_count          integer NOT NULL CHECK (unit_count >= 1),
  active              boolean NOT NULL DEFAULT true,
  UNIQUE (assembly_id, voter_no),
  UNIQUE (assembly_id, owner_key),
  UNIQUE (id, assembly_id)
);
CREATE INDEX assembly_voters_delegate_idx ON assembly_voters (delegate_person_id);

CREATE TABLE assembly_voter_units (
  voter_id     bigint NOT NULL REFERENCES assembly_voters(id),
  unit_id      bigint NOT NULL REFERENCES places(id),
  area_centi   bigint NOT NULL,
  area_source  text,
  basis        text NOT NULL,
  PRIMARY KEY (voter_id, unit_id)
);

CREATE TABLE assembly_voter_owners (
  voter_id   bigint NOT NULL REFERENCES assembly_voters(id),
  person_id  bigint NOT NULL REFERENCES persons(id),
  PRIMARY KEY (voter_id, person_id)
);
CREATE INDEX assembly_voter_owners_person_idx ON assembly_voter_owners (person_id);

-- corrections to a frozen roll after an objection, before voting opens
CREATE TABLE assembly_roll_corrections (
  id           bigserial PRIMARY KEY,
  assembly_id  bigint NOT NULL REFERENCES assemblies(id),
  voter_id     bigint REFERENCES assembly_voters(id),
  action       text NOT NULL CHECK (action IN ('area','delegate','remove','restore')),
  before       jsonb,
  after        jsonb,
  reason       text NOT NULL CHECK (length(reason) BETWEEN 2 AND 500),
  by_user      bigint NOT NULL REFERENCES users(id),
  at           timestamptz NOT NULL DEFAULT now()
);

-- how the notice reached each voter: read in the app, paper delivered, public notice where delivery failed
CREATE TABLE assembly_deliveries (
  id           bigserial PRIMARY KEY,
  assembly_id  bigint NOT NULL REFERENCES assemblies(id),
  voter_id     bigint NOT NULL REFERENCES assembly_voters(id),
  method       text NOT NULL CHECK (method IN ('app_read','paper','failed','public_notice')),
  note         text CHECK (note IS NULL OR length(note) <= 500),
  by_user      bigint REFERENCES users(id),
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assembly_deliveries_voter_idx ON assembly_deliveries (assembly_id, voter_id, id DESC);
CREATE UNIQUE INDEX assembly_deliveries_read_once_idx ON assembly_deliveries (assembly_id, voter_id) WHERE method = 'app_read';

-- scans of paper ballots, written proxy mandates, materials attached to a notice
CREATE TABLE assembly_files (
  id           bigserial PRIMARY KEY,
  assembly_id  bigint NOT NULL REFERENCES assemblies(id),
  kind         text NOT NULL CHECK (kind IN ('scan','mandate','material')),
  filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  mime         text NOT NULL,
  bytes        bytea NOT NULL,
  sha256       text NOT NULL,
  size         integer NOT NULL,
  uploaded_by  bigint NOT NULL REFERENCES users(id),
  uploaded_at  timestamptz NOT NULL DEFAULT now(),
  used         boolean NOT NULL DEFAULT false
);
CREATE INDEX assembly_files_assembly_idx ON assembly_files (assembly_id);

-- one ballot paper: an owner's choices on some or all matters, with the receipt it gave them
CREATE TABLE assembly_submissions (
  id            bigserial PRIMARY KEY,
  assembly_id   bigint NOT NULL REFERENCES assemblies(id),
  voter_id      bigint NOT NULL,
  receipt       text NOT NULL,
  channel       text NOT NULL CHECK (channel IN ('online','paper','proxy')),
  -- pending: a paper or proxy ballot entered, awaiting a second staff member's confirmation
  status        text NOT NULL CHECK (status IN ('pending','counted','superseded','rejected')),
  cast_by_user  bigint REFERENCES users(id),
  entered_by    bigint REFERENCES users(id),
  confirmed_by  bigint REFERENCES users(id),
  confirmed_at  timestamptz,
  reject_reason text,
  scan_id       bigint REFERENCES assembly_files(id),
  mandate_id    bigint REFERENCES assembly_files(id),
  proxy_name    text,
  cast_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (voter_id, assembly_id) REFERENCES assembly_voters(id, assembly_id),
  CHECK (channel = 'online' OR scan_id IS NOT NULL),
  CHECK (channel <> 'proxy' OR (mandate_id IS NOT NULL AND proxy_name IS NOT NULL)),
  CHECK (confirmed_by IS NULL OR confirmed_by <> entered_by)
);
CREATE UNIQUE INDEX assembly_submissions_receipt_idx ON assembly_submissions (receipt);
CREATE INDEX assembly_submissions_voter_idx ON assembly_submissions (assembly_id, voter_id);

-- the current ballot of a voter on a matter: one per voter per matter, by constraint
CREATE TABLE assembly_ballots (
  matter_id      bigint NOT NULL,
  voter_id       bigint NOT NULL,
  assembly_id    bigint NOT NULL REFERENCES assemblies(id),
  submission_id  bigint NOT NULL REFERENCES assembly_submissions(id),
  choice         text NOT NULL CHECK (choice IN ('agree','oppose','abstain')),
  counted        boolean NOT NULL,
  PRIMARY KEY (matter_id, voter_id),
  FOREIGN KEY (matter_id, assembly_id) REFERENCES assembly_matters(id, assembly_id),
  FOREIGN KEY (voter_id, assembly_id) REFERENCES assembly_voters(id, assembly_id)
);
CREATE INDEX assembly_ballots_assembly_idx ON assembly_ballots (assembly_id, matter_id);
CREATE INDEX assembly_ballots_submission_idx ON assembly_ballots (submission_id);

-- the ballot ledger: every roll freeze and correction, ballot, confirmation, change, close and
-- count, hash-chained per assembly: hash = sha256(prev_hash + '\n' + canonical JSON)
CREATE TABLE assembly_ledger (
  assembly_id  bigint NOT NULL REFERENCES assemblies(id),
  seq          integer NOT NULL,
  at           timestamptz NOT NULL,
  kind         text NOT NULL,
  payload      jsonb NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL,
  PRIMARY KEY (assembly_id, seq)
);

-- one-time codes for online voting (second factor); only a hash is kept
CREATE TABLE assembly_otps (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users(id),
  assembly_id  bigint NOT NULL REFERENCES assemblies(id),
  code_hash    text NOT NULL,
  expires_at   timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  used_at      timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assembly_otps_user_idx ON assembly_otps (user_id, assembly_id, id DESC);

-- text messages waiting for the SMS gateway (SMS_WEBHOOK_URL); without one they stay here
CREATE TABLE sms_outbox (
  id          bigserial PRIMARY KEY,
  phone       text NOT NULL,
  body        text NOT NULL,
  purpose     text NOT NULL,
  user_id     bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz,
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text
);
CREATE INDEX sms_outbox_pending_idx ON sms_outbox (id) WHERE sent_at IS NULL;

-- an elected owners' committee and its members
CREATE TABLE owners_committees (
  id           bigserial PRIMARY KEY,
  estate_id    bigint NOT NULL REFERENCES places(id),
  estate_path  text NOT NULL,
  assembly_id  bigint NOT NULL REFERENCES assemblies(id),
  election_id  bigint NOT NULL REFERENCES assembly_elections(id),
  term_start   date NOT NULL,
  term_end     date NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (term_end > term_start AND term_end <= term_start + interval '5 years')
);
CREATE UNIQUE INDEX owners_committees_election_idx ON owners_committees (election_id);
CREATE INDEX owners_committees_estate_idx ON owners_committees (estate_path text_pattern_ops);

CREATE TABLE owners_committee_members (
  committee_id      bigint NOT NULL REFERENCES owners_committees(id),
  person_id         bigint NOT NULL REFERENCES persons(id),
  rank              smallint NOT NULL,
  party_member      boolean NOT NULL,
  branch_committee  boolean NOT NULL,
  PRIMARY KEY (committee_id, person_id)
);

-- follow-up after an election: first meeting within 7 days, filing within 30 days
CREATE TABLE owners_committee_tasks (
  id            bigserial PRIMARY KEY,
  committee_id  bigint NOT NULL REFERENCES owners_committees(id),
  kind          text NOT NULL CHECK (kind IN ('first_meeting','filing')),
  due_at        timestamptz NOT NULL,
  done_at       timestamptz,
  done_by       bigint REFERENCES users(id),
  note          text CHECK (note IS NULL OR length(note) <= 1000),
  UNIQUE (committee_id, kind)
);
