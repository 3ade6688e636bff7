// Reference data files: the shipped sample files parse; a mutated copy is refused with a message
// naming the entry (its index and code) and the field.
import { shippedJson } from '../testing/fixtures.spec';
import { parentAt } from '@onestop/admin-map';
import { parseCatalogue, parseUnits, ReferenceDataError } from './catalogue';

const agencies = () => new Set(parseUnits(shippedJson('units.json')).agencies.keys());

/** The error message parseCatalogue gives for a mutated copy of the shipped catalogue. */
function catalogueError(mutate: (file: any) => void, agencyCodes: ReadonlySet<string> | undefined = agencies()): string {
  const file = shippedJson('catalogue.json');
  mutate(file);
  try {
    parseCatalogue(file, agencyCodes);
  } catch (err) {
    expect(err).toBeInstanceOf(ReferenceDataError);
    return (err as Error).message;
  }
  throw new Error('expected the mutated catalogue to be refused');
}

function unitsError(mutate: (file: any) => void): string {
  const file = shippedJson('units.json');
  mutate(file);
  try {
    parseUnits(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ReferenceDataError);
    return (err as Error).message;
  }
  throw new Error('expected the mutated units file to be refused');
}

describe('procedure catalogue (danh mục TTHC)', () => {
  it('given the shipped sample catalogue, when parsed with the shipped agencies, then every procedure is there', () => {
    const catalogue = parseCatalogue(shippedJson('catalogue.json'), agencies());
    expect(catalogue.version).toBe('catalogue-2025.2');
    expect(catalogue.fields.size).toBe(10); // the article's 10 fields
    expect(catalogue.procedures.size).toBe(25);
    expect(catalogue.procedures.get('TCKH-01')).toMatchObject({
      level: 'district',
      agencyCode: 'TCKH',
      statutoryTime: { unit: 'working_days', value: 3, text: '3 ngày làm việc' },
      channels: ['counter', 'online', 'postal'],
      supplementPolicy: 'restart',
    });
    expect([...catalogue.procedures.values()].filter((p) => p.level === 'commune').map((p) => p.code)).toEqual([
      'XA-HT-01',
      'XA-HT-02',
      'XA-CT-01',
      'XA-LDTBXH-01',
      'XA-TNMT-01',
    ]);
  });

  it.each<[string, (f: any) => void, string]>([
    ['an unknown duration unit', (f) => (f.procedures[3].statutoryTime.unit = 'months'), 'procedures[3] (CT-01).statutoryTime.unit: '],
    ['a zero statutory time', (f) => (f.procedures[3].statutoryTime.value = 0), 'procedures[3] (CT-01).statutoryTime.value: '],
    ['a lower-case component code', (f) => (f.procedures[0].components[1].code = 'bansao'), 'procedures[0] (TP-CT-01).components.1.code: '],
    ['a component count of 0', (f) => (f.procedures[5].components[0].count = 0), 'procedures[5] (LDTBXH-01).components.0.count: '],
    [
      'an unknown document form',
      (f) => (f.procedures[5].components[1].form = 'photocopy'),
      'procedures[5] (LDTBXH-01).components.1.form: ',
    ],
    [
      'a fee collected at an unknown moment',
      (f) => (f.procedures[0].fees[0].collectedAt = 'later'),
      'procedures[0] (TP-CT-01).fees.0.collectedAt: ',
    ],
    ['a negative fee', (f) => (f.procedures[0].fees[0].amountVnd = -1), 'procedures[0] (TP-CT-01).fees.0.amountVnd: '],
    ['no channel', (f) => (f.procedures[6].channels = []), 'procedures[6] (LDTBXH-02).channels: '],
    ['an unknown channel', (f) => (f.procedures[6].channels = ['fax']), 'procedures[6] (LDTBXH-02).channels.0: '],
    ['no supplement policy', (f) => delete f.procedures[6].supplementPolicy, 'procedures[6] (LDTBXH-02).supplementPolicy: '],
    ['an unknown level', (f) => (f.procedures[6].level = 'province'), 'procedures[6] (LDTBXH-02).level: '],
    ['no components', (f) => (f.procedures[6].components = []), 'procedures[6] (LDTBXH-02).components: '],
  ])('given %s, when parsed, then the message names the entry and field', (_, mutate, where) => {
    const message = catalogueError(mutate);
    expect(message.startsWith(`bad procedure catalogue: ${where}`)).toBe(true);
    expect(message.length).toBeGreaterThan(`bad procedure catalogue: ${where}`.length);
  });

  it('given an entry without a code, when parsed, then the message names it by position', () => {
    expect(catalogueError((f) => delete f.procedures[6].code)).toMatch(/^bad procedure catalogue: procedures\.6\.code: /);
  });

  it('given several bad fields, when parsed, then each is named', () => {
    const message = catalogueError((f) => {
      f.procedures[3].statutoryTime.unit = 'months';
      f.procedures[7].components[0].code = 'x y';
    });
    expect(message).toMatch(
      /^bad procedure catalogue: procedures\[3\] \(CT-01\)\.statutoryTime\.unit: .+; procedures\[7\] \(TCKH-01\)\.components\.0\.code: upper-case code$/,
    );
  });

  it('given a file without a version, when parsed, then the message names the version', () => {
    expect(catalogueError((f) => delete f.version)).toMatch(/^bad procedure catalogue: version: /);
  });

  it('given something that is not a catalogue, when parsed, then it is refused at the root', () => {
    expect(() => parseCatalogue(null)).toThrow(/^bad procedure catalogue: \(root\): /);
    expect(() => parseCatalogue('catalogue')).toThrow(ReferenceDataError);
  });

  it('given two procedures with one code, when parsed, then the duplicate is named', () => {
    expect(catalogueError((f) => (f.procedures[4].code = 'CT-01'))).toBe(
      'bad procedure catalogue: procedures (CT-01).code: duplicate procedure code',
    );
  });

  it('given a procedure in a field the catalogue does not list, when parsed, then the field code is named', () => {
    expect(catalogueError((f) => (f.procedures[7].fieldCode = 'XD'))).toBe(
      'bad procedure catalogue: procedures (TCKH-01).fieldCode: unknown field "XD"',
    );
  });

  it('given a procedure of an agency the units file does not list, when parsed, then the agency is named', () => {
    expect(catalogueError((f) => (f.procedures[7].agencyCode = 'SOTAICHINH'))).toBe(
      'bad procedure catalogue: procedures (TCKH-01).agencyCode: unknown agency "SOTAICHINH"',
    );
  });

  it('given no agency list, when parsed, then agencies are not checked', () => {
    const file = shippedJson('catalogue.json');
    file.procedures[7].agencyCode = 'SOTAICHINH';
    expect(parseCatalogue(file).procedures.get('TCKH-01')?.agencyCode).toBe('SOTAICHINH');
  });

  it('given a component listed twice in a procedure, when parsed, then the duplicate is named', () => {
    expect(catalogueError((f) => (f.procedures[7].components[1].code = f.procedures[7].components[0].code))).toBe(
      'bad procedure catalogue: procedures (TCKH-01).components: duplicate component code',
    );
  });
});

describe('units file (bộ phận một cửa and agencies)', () => {
  it('given the shipped sample units, when parsed, then the district desk, its 21 communes and 11 agencies are there', () => {
    const units = parseUnits(shippedJson('units.json'));
    expect(units.version).toBe('units-2025.1');
    // 2020: the district desk and its 21 communes; from 2025-07-01: 2 provinces (Nam Định until,
    // Ninh Bình from), the province's centre and the seven communes' centres.
    expect(units.units.size).toBe(22 + 3 + 7);
    expect(units.units.get('TRUCNINH')).toMatchObject({
      code: 'TRUCNINH',
      name: 'Bộ phận Một cửa UBND huyện Trực Ninh',
      level: 'district',
      kind: 'district_desk',
      validUntil: '2025-07-01',
    });
    expect(
      [...units.units.values()].filter((u) => u.level === 'commune' && parentAt(units.map, u.code, '2020-06-01')?.code === 'TRUCNINH'),
    ).toHaveLength(21);
    expect([...units.agencies.keys()].filter((a) => !a.includes('-'))).toHaveLength(11);
    expect(units.agencies.get('TUPHAP')).toBe('Phòng Tư pháp');
    expect(units.agencies.get('XCOLE-VHXH')).toBe('Phòng Văn hóa - Xã hội xã Cổ Lễ');
  });

  it('given a unit code that cannot be part of a dossier code, when parsed, then the unit and field are named', () => {
    expect(unitsError((f) => (f.units[4].code = 'xTrucChinh'))).toBe(
      'bad units file: units[4] (xTrucChinh).code: upper-case letters and digits (it is part of dossier codes)',
    );
    expect(unitsError((f) => (f.units[4].code = 'X-TRUC'))).toBe(
      'bad units file: units[4] (X-TRUC).code: upper-case letters and digits (it is part of dossier codes)',
    );
  });

  it('given an unknown level, when parsed, then the unit and field are named', () => {
    expect(unitsError((f) => (f.units[1].level = 'region'))).toMatch(/^bad units file: units\[1\] \(TTCOLE\)\.level: /);
  });

  it('given a unit without a name, when parsed, then the unit and field are named', () => {
    expect(unitsError((f) => (f.units[0].name = ''))).toMatch(/^bad units file: units\[0\] \(TRUCNINH\)\.name: /);
  });

  it('given two units with one code, when parsed, then the duplicate is named', () => {
    expect(unitsError((f) => (f.units[2].code = 'TTCOLE'))).toBe('bad units file: units (TTCOLE).code: duplicate unit code');
  });

  it('given a successor that is not in the file, when parsed, then the unit and field are named', () => {
    expect(unitsError((f) => (f.units[16].successor.code = 'XNOWHERE'))).toBe(
      'bad units file: units (XTRUCDAI).successor.code: unknown unit "XNOWHERE"',
    );
  });

  it('given an agency without a name, when parsed, then its position and field are named', () => {
    expect(unitsError((f) => (f.agencies[0].name = ''))).toMatch(/^bad units file: agencies\.0\.name: /);
  });

  it('given no agencies list, when parsed, then it is named', () => {
    expect(unitsError((f) => delete f.agencies)).toMatch(/^bad units file: agencies: /);
  });
});
