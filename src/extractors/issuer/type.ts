/**
 * Issuer type from the issuer's name (codebook §1: government | government_office | department |
 * township | other). Rules are data, tried in order; the first whose pattern matches the end of the
 * name wins. Order matters: "镇人民政府" is a township before it is a government, and
 * "人民政府办公室" is an office before "办公室" makes it a department.
 */
import type { Issuer } from '../../model/record.js';

export type IssuerType = NonNullable<Issuer['type']>;

const TYPE_RULES: { type: IssuerType; pattern: RegExp; why: string }[] = [
  // Development zones and other 管委会 are neither governments nor their departments.
  { type: 'other', pattern: /(开发区|园区|新区|实验区|试验区|高新区|保税区|示范区|合作区|度假区|景区)(管理委员会|管委会|管理局|管理办公室)$/, why: 'zone administration' },
  { type: 'township', pattern: /(乡|镇|街道|苏木|民族乡)(人民政府|政府)?$/, why: '乡/镇/街道 government' },
  { type: 'township', pattern: /(街道办事处|街道办|街道工作委员会|街道工委)$/, why: 'street office' },
  { type: 'government_office', pattern: /(人民政府|政府)(办公室|办公厅|办)$/, why: "the government's general office" },
  { type: 'government_office', pattern: /^(省|市|县|区)?政府办$/, why: 'office without place name' },
  { type: 'government', pattern: /(人民政府|政府)$/, why: "people's government" },
  {
    type: 'department',
    pattern: /(局|委员会|委|厅|办公室|办|署|中心|支队|大队|总队|院|馆|所|处|管理处|监狱|站)$/,
    why: 'government department or unit',
  },
];

export function issuerType(name: string | null): IssuerType | null {
  if (!name) return null;
  for (const rule of TYPE_RULES) if (rule.pattern.test(name)) return rule.type;
  return 'other';
}
