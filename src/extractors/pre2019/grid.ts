/**
 * Rows of a pre-2019 statistics table that kept its structure (HTML, DOCX, PDF with ruling lines).
 * Column roles come from the header row (指标名称 | 计量单位 | 本年度 | 历年累计, or 统计指标 | 单位 | 统计数);
 * without a header, from the column that holds units.
 */
import { toGrid, type Cell, type Table } from '../../model/document.js';
import type { Pre2019Row } from '../../model/record.js';
import { foldText } from '../../text/fold.js';
import { HEADER_ROLES, UNITS } from './labels.js';
import { parseCellNumber } from './number.js';

type Role = (typeof HEADER_ROLES)[number]['role'];

function cellText(c: Cell | undefined): string {
  return c ? foldText(c.text).replace(/\s+/g, '') : '';
}

function headerRole(text: string): Role | null {
  for (const h of HEADER_ROLES) if (h.re.test(text)) return h.role;
  return null;
}

/** Unique cells of one grid row, left to right (a cell spanning columns appears once). */
function rowCells(grid: (Cell | undefined)[][], r: number): Cell[] {
  const out: Cell[] = [];
  for (const c of grid[r]) if (c && !out.includes(c)) out.push(c);
  return out;
}

interface Layout {
  headerRow: number;
  roles: (Role | null)[];
}

/** The header row: the first with a unit column and a label or value column. */
function findLayout(grid: (Cell | undefined)[][], cols: number): Layout | null {
  for (let r = 0; r < Math.min(grid.length, 5); r++) {
    const roles: (Role | null)[] = new Array(cols).fill(null);
    for (const c of rowCells(grid, r)) {
      const role = headerRole(cellText(c));
      if (role) for (let k = c.col; k < Math.min(cols, c.col + c.colSpan); k++) roles[k] = role;
    }
    if (roles.includes('unit') && (roles.includes('label') || roles.includes('this_year'))) {
      // Columns left of the unit column with no role of their own are label columns.
      const unitCol = roles.indexOf('unit');
      for (let k = 0; k < unitCol; k++) roles[k] ??= 'label';
      // Unnamed value columns right of the unit: first = this year, second = cumulative.
      if (!roles.includes('this_year')) {
        const k = roles.findIndex((x, i) => i > unitCol && x === null);
        if (k >= 0) roles[k] = 'this_year';
      }
      return { headerRow: r, roles };
    }
  }
  return null;
}

/** Without a header: the column where most rows hold a unit; label columns left of it, values right. */
function inferLayout(grid: (Cell | undefined)[][], cols: number): Layout | null {
  const hits = new Array(cols).fill(0);
  for (let r = 0; r < grid.length; r++) {
    for (let k = 0; k < cols; k++) {
      const c = grid[r][k];
      if (c && c.col === k && UNITS.includes(cellText(c))) hits[k]++;
    }
  }
  const unitCol = hits.indexOf(Math.max(...hits));
  if (hits[unitCol] < 3 || unitCol === 0 || unitCol >= cols - 1) return null;
  const roles: (Role | null)[] = new Array(cols).fill(null).map((_, k) => (k < unitCol ? 'label' : null));
  roles[unitCol] = 'unit';
  roles[unitCol + 1] = 'this_year';
  if (unitCol + 2 < cols) roles[unitCol + 2] = 'cumulative';
  return { headerRow: -1, roles };
}

export interface GridResult {
  rows: Pre2019Row[];
  /** Raw text of each row's this-year cell (for cells[].raw). */
  thisYearRaw: (string | null)[];
  /** True when a header row named the columns (else they were inferred from the unit column). */
  hasHeader: boolean;
}

export function rowsFromTable(table: Table): GridResult | null {
  const grid = toGrid(table);
  const layout = findLayout(grid, table.cols) ?? inferLayout(grid, table.cols);
  if (!layout) return null;
  const rows: Pre2019Row[] = [];
  const thisYearRaw: (string | null)[] = [];
  const first = (role: Role, r: number) => {
    const k = layout.roles.indexOf(role);
    return k >= 0 ? grid[r][k] : undefined;
  };
  for (let r = layout.headerRow + 1; r < grid.length; r++) {
    const cells = rowCells(grid, r);
    if (cells.every((c) => !cellText(c))) continue;
    // A title or note spanning the whole width ("2010年政府信息公开工作情况统计表") is not a row.
    if (cells.length === 1 && cells[0].colSpan >= table.cols && /统计表|注[:：]|说明/.test(cellText(cells[0]))) continue;
    const labelCells: Cell[] = [];
    layout.roles.forEach((role, k) => {
      const c = grid[r][k];
      if (role === 'label' && c && !labelCells.includes(c) && cellText(c)) labelCells.push(c);
    });
    // A section heading spanning the whole width ("一、主动公开情况") covers the unit and value columns too:
    // it has no unit and no values of its own.
    const own = (c: Cell | undefined) => (c && !labelCells.includes(c) ? c : undefined);
    const unitCell = own(first('unit', r));
    const yearCell = own(first('this_year', r));
    const cumCell = own(first('cumulative', r));
    const labelParts = labelCells.map(cellText);
    if (labelParts.length === 0 && !cellText(yearCell)) continue;
    rows.push({
      label: labelParts.join(' / '),
      unit: cellText(unitCell) || null,
      this_year: yearCell && yearCell !== unitCell ? parseCellNumber(cellText(yearCell)) : null,
      cumulative: cumCell && cumCell !== yearCell ? parseCellNumber(cellText(cumCell)) : null,
      raw: cells.map((c) => foldText(c.text).trim()),
      page: (labelCells[labelCells.length - 1] ?? cells[0]).prov.page ?? null,
    });
    thisYearRaw.push(yearCell ? cellText(yearCell) : null);
  }
  return rows.length ? { rows, thisYearRaw, hasHeader: layout.headerRow >= 0 } : null;
}
