// Name pools for realistic Chinese demo data. Surname weights follow their rough frequency; given
// names follow the fashion of the birth decade; estate names follow the estate's era.
import { Weighted, type Rng } from './random';
import { idCheckChar } from '../core/people/pii';

const SURNAMES = new Weighted<string>([
  ['王', 72], ['李', 71], ['张', 69], ['刘', 54], ['陈', 46], ['杨', 32], ['黄', 25], ['赵', 20], ['吴', 20], ['周', 19],
  ['徐', 15], ['孙', 15], ['马', 13], ['朱', 13], ['胡', 12], ['郭', 12], ['何', 11], ['林', 10], ['高', 10], ['罗', 10],
  ['郑', 9], ['梁', 9], ['谢', 8], ['宋', 7], ['唐', 7], ['许', 6], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 6],
  ['彭', 6], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 5], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['沈', 3],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 2], ['汪', 2], ['范', 2], ['金', 2],
  ['石', 2], ['廖', 2], ['贾', 2], ['夏', 2], ['韦', 2], ['付', 2], ['方', 2], ['白', 2], ['邹', 2], ['孟', 2],
  ['熊', 2], ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 1], ['闫', 1], ['段', 1], ['雷', 1], ['侯', 1],
  ['龙', 1], ['史', 1], ['陶', 1], ['黎', 1], ['贺', 1], ['顾', 1], ['毛', 1], ['郝', 1], ['龚', 1], ['邵', 1],
  ['欧阳', 0.3], ['司马', 0.1], ['诸葛', 0.1],
]);

// given-name characters by generation: born before 1960, 1960–1989, 1990 and later
const GIVEN: Record<'old' | 'mid' | 'young', Record<'M' | 'F', string[]>> = {
  old: {
    M: [...'国建军华明德福海文志永春贵富忠义福寿庆祥荣发光辉兴旺保全有才成林山顺昌学树'],
    F: [...'秀英兰珍凤桂芳玉淑华梅琴翠莲素云菊花香月荣霞兰琼爱芬娥'],
  },
  mid: {
    M: [...'伟刚勇毅俊峰强军平东文辉力明永健志兴良海波宁龙国胜学祥才武新利清飞彬杰涛昌成康光天安中进林坚和博斌栋维克翔旭鹏泽晨建家德雄钧超浩亮'],
    F: [...'娟英华慧巧美娜静淑惠珠雅玲芬芳燕春兰凤洁梅琳丽云莲雪荣霞香月艳瑞佳嘉琼珍莉红萍敏晶倩婷丹蓉君琴薇颖'],
  },
  young: {
    M: [...'子浩宇轩梓涵睿博俊杰泽一鑫晨辰铭皓昊然宸逸航嘉烨骏奕凯文杰思远哲瀚锦程煜'],
    F: [...'欣怡子涵梓萱雨诗语佳思可馨悦彤心琪雅婷梦瑶若汐钰依晨韵琳乐玥妍紫萱曦'],
  },
};

export function pickSurname(rng: Rng): string {
  return SURNAMES.pick(rng);
}

export function personName(rng: Rng, gender: 'M' | 'F', birthYear: number, surname: string = SURNAMES.pick(rng)): string {
  const pool = GIVEN[birthYear < 1960 ? 'old' : birthYear < 1990 ? 'mid' : 'young'][gender];
  // single-character given names were common before the 1990s and are rare since
  const single = birthYear < 1990 ? 0.35 : 0.12;
  return rng.chance(single) ? surname + rng.pick(pool) : surname + rng.pick(pool) + rng.pick(pool);
}

const DIGITS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** A syntactically valid resident ID (GB 11643) for the region, birth date (yyyymmdd) and gender. */
export function idNumber(rng: Rng, region: string, ymd: string, gender: 'M' | 'F'): string {
  // the sequence's last digit is odd for men, even for women
  const seq = rng.int(0, 99) * 10 + rng.int(0, 4) * 2 + (gender === 'M' ? 1 : 0);
  const first17 = region + ymd + DIGITS3[seq];
  return first17 + idCheckChar(first17);
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '186', '187', '188', '189', '191', '199'];

export function phone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

const STREET_STEMS = ['东湖', '西城', '南苑', '北关', '青山', '白沙', '金桥', '银河', '新华', '人民', '解放', '建设', '和平', '文化', '滨江', '望江', '凤凰', '桃源', '梅林', '竹园', '荷花池', '锦绣', '光明', '团结', '胜利', '花园', '火车站', '工业园', '舞凤', '北门'];
const TOWN_STEMS = ['李渡', '龙泉', '青居', '金凤', '共兴', '河西', '三会', '世阳', '大通', '安平', '曲水', '龙蟠'];
const COMMUNITY_STEMS = [
  '幸福', '和谐', '阳光', '春晖', '文昌', '兴隆', '福星', '安居', '康乐', '映山红', '向阳', '朝阳', '红旗', '东风', '清河', '柳荫',
  '枫林', '翠竹', '紫荆', '丹桂', '银杏', '杏林', '书香', '华兴', '建华', '玉带', '金沙', '沙河', '友谊', '公园', '环城', '民主',
  '育才', '学府', '太平', '永安', '长乐', '同心', '五星', '模范', '果城', '西华', '鸿运', '江东', '北湖', '南门坝', '白塔', '龙门',
  '嘉陵', '将军路', '大北街', '小东街', '油房街', '都京', '马市铺', '涪江', '石圭', '红星', '跃进', '光华', '新民',
  '青年路', '北辰', '东升', '西山', '南湖', '金鱼岭', '火花', '荣华', '万家', '双龙', '百花', '桂园', '晨光', '振兴', '先锋', '兴盛',
  '锦屏', '凤垭', '玉屏', '清泉', '兰亭', '滨湖', '云台', '临江', '顺城', '北城', '南津', '太和', '上河', '下河', '高桥', '青莲',
  '望城', '金台', '钟楼', '鼓楼', '书院', '文峰', '长春', '和平里', '复兴', '利民', '安泰', '华阳', '丰收', '长征', '新桥', '三元',
];
const ROADS = [
  '人民路', '解放路', '建设路', '中山路', '滨江路', '北湖路', '文化路', '延安路', '模范街', '将军路', '顺城街', '果城路', '西华路', '鸿运路',
  '江东大道', '花园路', '北干道', '都京街', '涪江路', '白土坝路', '学府大道', '春风街', '北辰路', '光明路', '团结路', '新华路', '胜利路',
  '长征路', '和平路', '五星路', '红旗路', '民主路', '青年路', '育才路', '朝阳路', '东风路', '金台路', '锦屏大道', '嘉陵江路', '临江大道',
  '银河路', '桂园路', '兴隆街', '安居路', '康乐街', '文峰路', '钟楼街', '书院街', '太和路', '龙门路', '望江路', '白塔路', '三元路',
];
const WORK_UNITS = [
  '纺织厂', '丝绸厂', '化肥厂', '机床厂', '供电局', '粮食局', '电信局', '运输公司', '建筑公司', '农机厂', '印刷厂', '水泥厂', '制药厂',
  '烟草公司', '师范学校', '人民医院', '电业局', '铁路', '邮电局', '百货公司', '食品公司', '木材公司', '棉麻公司', '交通局', '水利局',
  '商业局', '税务局', '气象局', '二轻局', '自来水公司', '酒厂', '缫丝厂', '汽修厂', '针织厂', '罐头厂', '人民银行', '农业银行', '卷烟厂',
];
const WORK_UNIT_SUFFIX = ['宿舍', '家属院', '生活区', '职工宿舍', '宿舍区'];
const ESTATE_STEMS = [
  '阳光', '锦绣', '翡翠', '御景', '滨江', '金色', '香榭', '丽景', '东方', '世纪', '盛世', '蓝湾', '水岸', '梧桐', '桂花', '枫丹', '紫薇',
  '明珠', '观澜', '晴川', '云锦', '天悦', '星河', '凤栖', '龙湾', '嘉园', '怡景', '康城', '和园', '万福', '泰和', '雅苑', '翠湖', '杏花',
  '橡树', '樱花', '清水', '绿洲', '春江', '秋月', '南山', '北湖', '西岭', '东篱', '北辰', '金域', '玉兰', '碧水', '书香', '嘉和', '恒盛',
  '华城', '君悦', '江山', '锦江', '龙庭', '凤凰', '银座', '香樟', '翠堤', '澜岸', '江语', '天玺', '尚城', '铂悦', '丽都', '海棠', '紫荆',
  '学府', '龙腾', '福源', '金桂', '碧园', '玉景', '长虹', '兴业', '新城', '文华', '嘉陵', '江湾', '上林', '半岛', '未来', '春天', '时代',
  '湖畔', '翰林', '书院', '公园', '锦城', '悦湖', '望江', '清风', '明月', '瑞和', '祥和', '安泰', '金沙', '河畔', '国际', '中央',
];
const ESTATE_SUFFIX: Record<'old' | 'mid' | 'new', string[]> = {
  old: ['小区', '新村', '小区', '花园', '公寓'],
  mid: ['花园', '小区', '家园', '苑', '雅居', '公寓', '新城', '丽都', '名都', '华庭', '广场'],
  new: ['华府', '公馆', '名邸', '府', '壹号', '天著', '悦府', '雅园', '城', '湾', '里', '江山'],
};
const COMPANY_STEMS = [
  '安居', '锦程', '嘉和', '华宇', '恒信', '鑫城', '宏达', '鼎盛', '优家', '悦邻', '兴业', '万和', '金管家', '城投', '银丰', '顺达', '佳园',
  '和美', '同德', '鸿福', '众和', '雅居乐', '康馨', '天府', '长城', '润泽', '信达', '邻里', '惠民', '嘉陵', '盛世', '明宇', '汇龙', '乐居',
  '正和', '金科', '荣华', '蓝天', '德信', '恒安',
];
const COMPANY_SUFFIX = ['物业服务有限公司', '物业管理有限公司', '物业服务股份有限公司'];
const DEVELOPER_STEMS = ['城投置业', '恒达房地产开发', '锦城地产集团', '嘉川建设开发', '江山置业', '蓝光和骏', '鸿运房地产', '华润置地', '龙湖地产'];

/** Draws unique names from a generator; `used` is shared so names stay unique across calls. */
export function uniqueName(rng: Rng, used: Set<string>, make: (rng: Rng) => string, fallback: (n: number) => string): string {
  for (let i = 0; i < 200; i++) {
    const n = make(rng);
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
  for (let k = 2; ; k++) {
    const n = fallback(k);
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
}

export function estateName(rng: Rng, era: 'old' | 'mid' | 'new'): string {
  if (era === 'old' && rng.chance(0.45)) return rng.pick(WORK_UNITS) + rng.pick(WORK_UNIT_SUFFIX);
  if (era === 'old' && rng.chance(0.2)) return rng.pick(ROADS).replace(/[路街道大]+$/, '') + rng.pick(['小区', '新村', '巷小区']);
  return rng.pick(ESTATE_STEMS) + rng.pick(ESTATE_SUFFIX[era]);
}

export function roadAddress(rng: Rng): string {
  return `${rng.pick(ROADS)}${rng.int(1, 399)}号`;
}

export const pools = { STREET_STEMS, TOWN_STEMS, COMMUNITY_STEMS, ROADS, COMPANY_STEMS, COMPANY_SUFFIX, DEVELOPER_STEMS };
