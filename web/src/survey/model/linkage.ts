/**
 * The self-made linkage code: four facts only the participant knows, the same in every round, combined into a
 * code such as "K07B2". The server keeps only a hash of it, per project, so that answers from two rounds can be
 * paired without anyone knowing whose they are. The answers never leave this page except as that code.
 */
export interface LinkageAnswers {
  /** First letter of the mother's first name. */
  motherInitial: string;
  /** Day of the month the participant was born, 1–31. */
  birthDay: string;
  /** First letter of the place the participant was born. */
  birthplaceInitial: string;
  /** Number of older siblings. */
  olderSiblings: string;
}

export type LinkageField = keyof LinkageAnswers;
export const linkageFields: readonly LinkageField[] = [
  'motherInitial',
  'birthDay',
  'birthplaceInitial',
  'olderSiblings',
];

export type LinkageProblem = 'letter' | 'day' | 'siblings' | 'missing';

export function emptyLinkage(): LinkageAnswers {
  return { motherInitial: '', birthDay: '', birthplaceInitial: '', olderSiblings: '' };
}

const letter = /^\p{L}$/u;
const wholeNumber = /^\d{1,2}$/;

/**
 * Checks the answers and makes the code. All four are needed for a code; none at all means no code (the
 * participant skips the step), which is not a problem.
 */
export function linkageCode(answers: LinkageAnswers): {
  code: string | null;
  problems: Partial<Record<LinkageField, LinkageProblem>>;
} {
  const values = {
    motherInitial: answers.motherInitial.trim(),
    birthDay: answers.birthDay.trim(),
    birthplaceInitial: answers.birthplaceInitial.trim(),
    olderSiblings: answers.olderSiblings.trim(),
  };
  if (linkageFields.every((field) => values[field] === '')) return { code: null, problems: {} };

  const problems: Partial<Record<LinkageField, LinkageProblem>> = {};
  for (const field of linkageFields) if (values[field] === '') problems[field] = 'missing';
  if (values.motherInitial && !letter.test(values.motherInitial)) problems.motherInitial = 'letter';
  if (values.birthplaceInitial && !letter.test(values.birthplaceInitial))
    problems.birthplaceInitial = 'letter';
  const day = Number(values.birthDay);
  if (values.birthDay && (!wholeNumber.test(values.birthDay) || day < 1 || day > 31))
    problems.birthDay = 'day';
  const siblings = Number(values.olderSiblings);
  if (values.olderSiblings && (!wholeNumber.test(values.olderSiblings) || siblings > 30))
    problems.olderSiblings = 'siblings';
  if (Object.keys(problems).length > 0) return { code: null, problems };

  const code = [
    values.motherInitial.toLocaleUpperCase('nb'),
    String(day).padStart(2, '0'),
    values.birthplaceInitial.toLocaleUpperCase('nb'),
    String(siblings),
  ].join('');
  return { code, problems };
}
