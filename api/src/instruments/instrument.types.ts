import { Field, ObjectType } from 'type-graphql';
import { DefinitionProblem } from './definition.rules.js';
import { Instrument } from './instrument.entity.js';

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

  @Field(() => [String], {
    description: 'What the file had that Verdi could not take over, one sentence each',
  })
  unmapped!: string[];

  @Field(() => [DefinitionProblem], {
    description: 'What must be fixed in the draft before it can be published',
  })
  problems!: DefinitionProblem[];
}
