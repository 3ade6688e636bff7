// The demo's catalogue: the shipped sample catalogue (services/intake/data/catalogue.json) grown
// to the article's per-field counts of district procedures (227 in 10 fields). Entries beyond the
// shipped ones are clones of a shipped procedure of the same field (same agency, time, documents)
// and carry "sample": true and "(dữ liệu mẫu)" in their name; likewise the commune procedures (107).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Trực Ninh, first nine months of 2020: district procedures per field. */
const FIELD_COUNTS = { TP: 31, CT: 25, LDTBXH: 39, TCKH: 26, VHXH: 24, NNPTNT: 4, TNMT: 18, NV: 21, GDDT: 29, TT: 10 };
/** 107 commune procedures; the article gives no split per field: this one is the demo's own. */
const COMMUNE_FIELD_COUNTS = { TP: 60, LDTBXH: 27, TNMT: 20 };

function buildCatalogue(root) {
  const shipped = JSON.parse(fs.readFileSync(path.join(root, 'services/intake/data/catalogue.json'), 'utf8'));
  const procedures = [...shipped.procedures];
  const grow = (level, counts, prefix) => {
    for (const [field, wanted] of Object.entries(counts)) {
      const own = shipped.procedures.filter((p) => p.level === level && p.fieldCode === field);
      if (own.length === 0) throw new Error(`catalogue: no shipped ${level} procedure in field ${field} to model sample entries on`);
      for (let i = own.length; i < wanted; i++) {
        const model = own[i % own.length];
        procedures.push({
          ...model,
          code: `${prefix}${field}-M${String(i + 1).padStart(2, '0')}`,
          name: `${model.name} (dữ liệu mẫu ${i + 1})`,
          sample: true,
        });
      }
    }
  };
  grow('district', FIELD_COUNTS, '');
  grow('commune', COMMUNE_FIELD_COUNTS, 'XA-');
  return {
    ...shipped,
    version: `${shipped.version}-demo`,
    note: `${shipped.note} Grown by scripts/demo to the article's counts per field; entries with "sample": true are sample data.`,
    procedures,
  };
}

function districtCounts(catalogue, level = 'district') {
  const counts = {};
  for (const p of catalogue.procedures) if (p.level === level) counts[p.fieldCode] = (counts[p.fieldCode] || 0) + 1;
  return counts;
}

/** The district's 21 communes and towns (services/intake/data/units.json). */
/**
 * The communes and towns whose desks existed through the whole period (days as 'YYYY-MM-DD'; a
 * unit's validUntil is the first day it no longer exists): the 2020 scenario plays Trực Ninh's 21,
 * not the communes that succeeded them on 1 July 2025.
 */
function communeUnits(root, from = '2020-01-01', to = '2020-09-30') {
  const units = JSON.parse(fs.readFileSync(path.join(root, 'services/intake/data/units.json'), 'utf8')).units;
  return units.filter((u) => u.level === 'commune' && (!u.validFrom || u.validFrom <= from) && (!u.validUntil || u.validUntil > to));
}

module.exports = { FIELD_COUNTS, COMMUNE_FIELD_COUNTS, buildCatalogue, districtCounts, communeUnits };
