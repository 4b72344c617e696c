import fc from 'fast-check';

const MEGABYTE = 1024 * 1024;

/** Strings a hostile or careless client sends: Unicode, control characters, numbers that are not, 1 MB. */
export const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.integer().map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '0',
      '-1',
      '1.5',
      '1e308',
      'NaN',
      'Infinity',
      'true',
      'false',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      'admin',
      'member',
      'on',
      '000000',
      "' OR 1=1 --",
      '<script>alert(1)</script>',
      '\u0000',
      '\u202e\u0645\u0631\u062d\u0628\u0627',
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 ﷽',
      'x'.repeat(MEGABYTE),
      'y'.repeat(MEGABYTE - 64 * 1024),
      '9'.repeat(400),
    ),
  },
);

export type Fields = Record<string, fc.Arbitrary<string>>;

/**
 * A form with any subset of the expected fields, each either plausible (so validation goes past
 * the first field) or hostile, plus stray fields the form never has.
 */
export function formOf(fields: Fields, wild: fc.Arbitrary<string> = hostile) {
  return fc
    .tuple(
      fc.record(
        Object.fromEntries(
          Object.entries(fields).map(([name, plausible]) => [
            name,
            fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 2, arbitrary: wild }),
          ]),
        ),
        { requiredKeys: [] },
      ),
      fc.dictionary(fc.string({ maxLength: 12 }), wild, { maxKeys: 2 }),
    )
    .map(([known, stray]) => ({ ...stray, ...known }) as Record<string, string>);
}

export function toFormData(fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

export const plausible = {
  email: fc.emailAddress(),
  password: fc.string({ minLength: 12, maxLength: 40 }),
  id: fc.integer({ min: 1, max: 20 }).map(String),
  userId: fc.integer({ min: 1, max: 40 }).map(String),
  flag: fc.constantFrom('true', 'false'),
  role: fc.constantFrom('admin', 'member'),
  name: fc.string({ minLength: 1, maxLength: 30 }),
};
