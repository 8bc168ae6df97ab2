import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DefinitionProblem } from './definition.rules.js';
import { LocalizedText } from './definition.types.js';
import { Instrument } from './instrument.entity.js';
import { NoteSeverity } from './interchange/import-notes.js';

registerEnumType(NoteSeverity, {
  name: 'ImportNoteSeverity',
  description: 'How much a loss in an import matters to the researcher',
  valuesConfig: {
    CHANGES_QUESTIONNAIRE: {
      description:
        'Participants would be asked something else or differently: a question, condition or option is gone or changed',
    },
    LOSES_DETAIL: {
      description:
        'The questions stay, but something about them is lost: validation, a default, a translation',
    },
    COSMETIC: { description: 'Only form or metadata: layout, formatting, a renamed key' },
  },
});

@ObjectType({ description: 'One kind of loss in an import, with every field it touched' })
export class ImportNote {
  @Field({ description: 'Stable key of the kind of loss, e.g. "redcap.action-tag.calc"' })
  kind!: string;

  @Field(() => NoteSeverity)
  severity!: NoteSeverity;

  @Field(() => LocalizedText, {
    description: 'What happened, in bokmål and English, without the list of fields',
  })
  message!: LocalizedText;

  @Field(() => [String], {
    description: 'The source’s field names the note is about, each once, in file order',
  })
  fields!: string[];
}

@ObjectType({
  description: 'What publishing the draft would change, compared with the latest published version',
})
export class DraftChanges {
  @Field(() => [String], { description: 'Keys of items the draft adds' })
  addedItems!: string[];

  @Field(() => [String], { description: 'Keys of items the draft removes' })
  removedItems!: string[];

  @Field(() => [String], { description: 'Keys of items whose wording, type, options, roles or rules change' })
  changedItems!: string[];

  @Field(() => [String], { description: 'Keys of constructs added, removed or changed' })
  changedConstructs!: string[];

  @Field(() => [String], { description: 'Keys of scales added, removed or changed' })
  changedScales!: string[];

  @Field(() => [String], { description: 'Keys of sections added, removed, retitled or reordered' })
  changedSections!: string[];

  @Field({ description: 'Whether the draft differs from the latest published version at all' })
  hasChanges!: boolean;
}

@ObjectType({ description: 'An imported instrument, with what could not be taken over' })
export class ImportInstrumentResult {
  @Field(() => Instrument)
  instrument!: Instrument;

  @Field(() => [ImportNote], {
    description:
      'What the file had that Verdi could not take over, one note per kind of loss, what changes the questionnaire first',
  })
  notes!: ImportNote[];

  @Field(() => [String], {
    description:
      'Deprecated: the notes as English sentences, one each, naming their fields. Read `notes` instead.',
    deprecationReason: 'Read `notes`: grouped, ranked and in both languages',
  })
  unmapped!: string[];

  @Field(() => [DefinitionProblem], {
    description: 'What must be fixed in the draft before it can be published',
  })
  problems!: DefinitionProblem[];
}
