// Name pools for realistic Chinese demo data. Surname weights follow their rough frequency.
import type { Rng } from './random';
import { idCheckChar } from '../core/people/pii';

const SURNAMES: [string, number][] = [
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
];
const MALE = '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';
const FEMALE = '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';
const STREET_STEMS = ['东湖', '西城', '南苑', '北关', '青山', '白沙', '金桥', '银河', '新华', '人民', '解放', '建设', '和平', '文化', '长江', '滨江', '望江', '龙泉', '凤凰', '桃源', '梅林', '竹园', '荷花池', '锦绣', '光明', '团结', '胜利', '花园', '火车站', '工业园'];
const COMMUNITY_STEMS = ['幸福', '和谐', '阳光', '春晖', '文昌', '兴隆', '福星', '安居', '康乐', '映山红', '向阳', '朝阳', '红旗', '东风', '清河', '柳荫', '枫林', '翠竹', '紫荆', '丹桂', '银杏', '杏林', '书香', '华兴', '建华', '新村', '玉带', '金沙', '沙河', '锦江', '友谊', '公园', '环城', '民主', '育才', '学府', '太平', '永安', '长乐', '同心'];
const ESTATE_STEMS = ['阳光', '锦绣', '翡翠', '御景', '滨江', '金色', '碧桂', '香榭', '丽景', '东方', '世纪', '盛世', '蓝湾', '水岸', '梧桐', '桂花', '枫丹', '紫薇', '明珠', '观澜', '晴川', '云锦', '天悦', '星河', '凤栖', '龙湾', '嘉园', '怡景', '康城', '和园', '万福', '泰和', '华府', '雅苑', '翠湖', '杏花', '橡树', '樱花', '清水', '绿洲', '春江', '秋月', '书院', '南山', '北湖', '西岭', '东篱', '北辰', '金域', '玉兰'];
const ESTATE_SUFFIX = ['小区', '花园', '苑', '家园', '雅居', '公寓', '新村', '名都', '华庭', '府'];
const COMPANY_STEMS = ['安居', '锦程', '嘉和', '华宇', '恒信', '鑫城', '宏达', '鼎盛', '优家', '悦邻'];

export function personName(rng: Rng, gender: 'M' | 'F'): string {
  const surname = rng.weighted(SURNAMES);
  const pool = gender === 'M' ? MALE : FEMALE;
  const given = rng.chance(0.7) ? rng.pick([...pool]) + rng.pick([...pool]) : rng.pick([...pool]);
  return surname + given;
}

/** A syntactically valid resident ID (GB 11643) for the region, birth date and gender. */
export function idNumber(rng: Rng, region: string, birth: Date, gender: 'M' | 'F'): string {
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  let seq = rng.int(0, 99) * 10 + rng.int(0, 4) * 2 + (gender === 'M' ? 1 : 0);
  seq = Math.min(seq, 999);
  const first17 = region + ymd + String(seq).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

export function phone(rng: Rng): string {
  return rng.pick(['13', '15', '18', '17', '19']) + rng.int(0, 9) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

export function uniqueNames(rng: Rng, stems: readonly string[], count: number, suffix: (rng: Rng) => string): string[] {
  const out = new Set<string>();
  let guard = 0;
  while (out.size < count && guard++ < count * 50) {
    out.add(rng.pick(stems) + suffix(rng));
  }
  let n = 1;
  while (out.size < count) out.add(`${rng.pick(stems)}${n++}${suffix(rng)}`);
  return [...out];
}

export const pools = { STREET_STEMS, COMMUNITY_STEMS, ESTATE_STEMS, ESTATE_SUFFIX, COMPANY_STEMS };
