// /api routes of 三会一课 (meetings, their files), the compliance calendar and the party settings.
import { Type } from 'typebox';
import type { App, AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { actorOf } from '../../core/http';
import { errors, Id, IdParams, Ok } from '../../core/schemas';
import {
  CalendarDto,
  CalendarQuery,
  MeetingCreateBody,
  MeetingDetailDto,
  MeetingFileDto,
  MeetingListDto,
  MeetingListQuery,
  MeetingPatchBody,
  RosterDto,
  RosterQuery,
  PartySettingsBody,
  PartySettingsDto,
} from './schemas-meetings';
import { createMeeting, deleteMeeting, getMeeting, listMeetings, meetingRoster, updateMeeting } from './meetings-service';
import { MAX_MEETING_FILE_BYTES, readMeetingFile, saveMeetingFile } from './meeting-files';
import { calendarView } from './calendar';
import { savePartySettings, viewPartySettings } from './config';

const tags = ['party'];
const view = { access: { permission: 'party.view' } } as const;
const manage = { access: { permission: 'party.meetings.manage' } } as const;
const configure = { access: { permission: 'party.configure' } } as const;
const FileParams = Type.Object({ id: Id, fileId: Id });
const PlaceParams = Type.Object({ placeId: Id });

export async function meetingsRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/party/meetings', { config: view, schema: { tags, summary: 'Meetings (三会一课) of the organisations in my scope, newest first', querystring: MeetingListQuery, response: { 200: MeetingListDto, ...errors } } }, async (req) =>
    listMeetings(ctx, actorOf(req), req.query),
  );

  app.get('/party/meeting-roster', { config: manage, schema: { tags, summary: 'Who should attend a meeting of this kind (members of the organisation and those below it; a committee meeting: the committee), and the kinds the organisation holds', querystring: RosterQuery, response: { 200: RosterDto, ...errors } } }, async (req) =>
    meetingRoster(ctx, actorOf(req), req.query.orgId, req.query.kind),
  );

  app.post('/party/meetings', {
    config: manage,
    schema: { tags, summary: 'Record a meeting once held: attendance (unlisted members absent), quorum by 第十一条/第十二条, motions of a members’ meeting', body: MeetingCreateBody, response: { 200: MeetingDetailDto, ...errors } },
  }, async (req) => {
    const id = await createMeeting(ctx, actorOf(req), req.body);
    return getMeeting(ctx, actorOf(req), id);
  });

  app.get('/party/meetings/:id', { config: view, schema: { tags, summary: 'A meeting: attendance with names, the quorum verdict with its article, motions with their result, files', params: IdParams, response: { 200: MeetingDetailDto, ...errors } } }, async (req) =>
    getMeeting(ctx, actorOf(req), req.params.id),
  );

  app.patch('/party/meetings/:id', { config: manage, schema: { tags, summary: 'Correct a meeting record (version); a new attendance re-decides the motions', params: IdParams, body: MeetingPatchBody, response: { 200: MeetingDetailDto, ...errors } } }, async (req) => {
    await updateMeeting(ctx, actorOf(req), req.params.id, req.body);
    return getMeeting(ctx, actorOf(req), req.params.id);
  });

  app.delete('/party/meetings/:id', { config: manage, schema: { tags, summary: 'Remove a meeting recorded in error (the organisation’s office or secretary), audited', params: IdParams, response: { 200: Ok, ...errors } } }, async (req) => {
    await deleteMeeting(ctx, actorOf(req), req.params.id);
    return { ok: true };
  });

  app.post(
    '/party/meetings/:id/files',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Attach a file (multipart, one file: PDF, JPEG, PNG or DOCX, at most 10 MB, typed from its bytes)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: MeetingFileDto, ...errors, 413: errors[400], 415: errors[400] },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      let file: { filename: string; bytes: Buffer } | undefined;
      for await (const part of req.parts({ limits: { fileSize: MAX_MEETING_FILE_BYTES, files: 1, fields: 2 } })) {
        if (part.type !== 'file') continue;
        const bytes = await part.toBuffer().catch((err: { code?: string }) => {
          if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PARTY_MEETING_FILE_TOO_LARGE', { maxBytes: MAX_MEETING_FILE_BYTES });
          throw err;
        });
        file = { filename: part.filename, bytes };
      }
      if (!file) throw new AppError('VALIDATION_FAILED', [{ field: 'file', message: 'required' }]);
      return saveMeetingFile(ctx, actorOf(req), req.params.id, file.filename, file.bytes);
    },
  );

  app.get('/party/meetings/:id/files/:fileId', { config: view, schema: { tags, summary: 'Download a file of a meeting', params: FileParams } }, async (req, reply) => {
    const f = await readMeetingFile(ctx, actorOf(req), req.params.id, req.params.fileId);
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('cache-control', 'private, max-age=3600')
      .header('etag', `"${f.sha256}"`)
      .send(f.bytes);
  });

  app.get('/party/calendar', {
    config: view,
    schema: {
      tags,
      summary: 'Compliance calendar: one organisation’s periods × kinds (orgId), or completion per organisation in my scope or under a place, worst first (default: this year)',
      querystring: CalendarQuery,
      response: { 200: CalendarDto, ...errors },
    },
  }, async (req) => calendarView(ctx, actorOf(req), req.query));

  app.get('/party-settings/:placeId', { config: configure, schema: { tags, summary: 'Party settings of a district, street or community (own and effective)', params: PlaceParams, response: { 200: PartySettingsDto, ...errors } } }, async (req) =>
    viewPartySettings(ctx, actorOf(req), req.params.placeId),
  );

  app.put('/party-settings/:placeId', { config: configure, schema: { tags, summary: 'Save the place’s own party settings (what is left out inherits), with the version read', params: PlaceParams, body: PartySettingsBody, response: { 200: PartySettingsDto, ...errors } } }, async (req) =>
    savePartySettings(ctx, actorOf(req), req.params.placeId, req.body.settings, req.body.version),
  );
}
