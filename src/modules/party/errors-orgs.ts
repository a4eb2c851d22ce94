// Error codes of the organisation tree, committees, estate coverage and members. Codes that apply a
// rule of 《中国共产党支部工作条例（试行）》 name the article in their message.
import { defineErrors } from '../../core/errors';

export const PartyOrgErrors = defineErrors({
  PARTY_ORG_PARENT_INVALID: {
    status: 400,
    zh: '上级党组织类型不符：街道党工委 → 社区党总支/党委 → 小区党支部/联合党支部 → 楼栋党小组',
    en: 'Wrong parent organisation: working committee → general branch or community committee → branch or joint branch → party group',
  },
  PARTY_ORG_PLACE_INVALID: {
    status: 400,
    zh: '党组织所在地点不符：党工委在街道，党总支/党委和联合党支部在社区，党支部在小区，党小组在楼栋，且须位于上级党组织的范围内',
    en: 'Wrong place: a working committee sits on a street, a general branch, community committee or joint branch on a community, a branch on an estate, a group on a building, inside the parent’s place',
  },
  PARTY_ORG_NAME_TAKEN: { status: 409, zh: '同一上级党组织下已有同名组织', en: 'The parent organisation already has an organisation of this name' },
  PARTY_ORG_NOT_EMPTY: { status: 409, zh: '该党组织仍有下级组织或党员，不能撤销', en: 'The organisation still has organisations or members under it and cannot be retired' },
  PARTY_BRANCH_TOO_FEW: {
    status: 409,
    zh: '《中国共产党支部工作条例（试行）》第四条：有正式党员3人以上的才成立党支部；该小区居住的正式党员不足3人，可成立联合党支部',
    en: 'Article 4 of the Regulations on Party Branch Work: a branch needs 3 or more full members; this estate has fewer living there (form a joint branch)',
  },
  PARTY_JOINT_TOO_MANY: {
    status: 409,
    zh: '《中国共产党支部工作条例（试行）》第二章：联合党支部覆盖单位一般不超过5个',
    en: 'Chapter 2 of the Regulations on Party Branch Work: a joint branch covers at most 5 units',
  },
  PARTY_JOINT_TOO_FEW: { status: 400, zh: '联合党支部须覆盖本社区的2至5个小区', en: 'A joint branch covers 2 to 5 estates of its community' },
  PARTY_ESTATES_INVALID: {
    status: 400,
    zh: '覆盖小区无效：党支部只覆盖自己所在的小区，联合党支部只覆盖本社区的小区',
    en: 'Estates not valid: a branch covers its own estate, a joint branch estates of its own community',
  },
  PARTY_ESTATE_COVERED: { status: 409, zh: '该小区已由另一个党支部覆盖（一个小区同一时间只属于一个党支部）', en: 'The estate is already covered by another branch (one branch per estate at a time)' },
  PARTY_COMMITTEE_SECRETARY: { status: 400, zh: '支部委员会须有且只有一名书记', en: 'A committee has exactly one secretary' },
  PARTY_COMMITTEE_NOT_MEMBER: { status: 400, zh: '委员须为本党组织的党员', en: 'Committee members must be members of this organisation' },
  PARTY_COMMITTEE_NOT_ALLOWED: {
    status: 409,
    zh: '《中国共产党支部工作条例（试行）》第六章：正式党员不足7人的党支部不设支部委员会，只设书记1名，必要时设副书记1名',
    en: 'Chapter 6 of the Regulations on Party Branch Work: a branch with fewer than 7 full members has no committee, only a secretary (and if needed one deputy)',
  },
  PARTY_ESTATE_INVALID: { status: 400, zh: '须选择一个小区', en: 'Choose an estate' },
  PARTY_MEMBER_NOT_FOUND: { status: 404, zh: '找不到该党员', en: 'Party member not found' },
  PARTY_MEMBER_EXISTS: { status: 409, zh: '该人员已登记为党员（每人只有一条党员记录）', en: 'This person is already on record as a party member' },
  PARTY_MEMBER_UNIT_INVALID: { status: 400, zh: '居住地须为一个房屋（户）', en: 'Where a member lives must be a unit' },
  PARTY_MEMBER_STATUS_INVALID: {
    status: 400,
    zh: '党员状态无效：预备党员转正须填写转正日期（不早于入党日期），正式党员不能改回预备党员',
    en: 'Status not valid: a probationary member becomes full with the date (not before joining); a full member does not go back',
  },
  PARTY_TRANSFER_INVALID: {
    status: 409,
    zh: '组织关系转接无效：转出和内部调整须为在册党员，转入须为已转出的党员，且须指定接收组织',
    en: 'Transfer not valid: out and within need a member on the rolls, in needs one who left, and a receiving organisation is required',
  },
  PARTY_ORG_KIND_NO_MEMBERS: { status: 400, zh: '党员须编入党总支、党委、党支部或党小组', en: 'Members belong to a general branch, community committee, branch or group' },
});
