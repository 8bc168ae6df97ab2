import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { UUID } from '../common/ids.js';
import { NotBlank } from '../common/validators.js';

export enum InstrumentFormat {
  VERDI_JSON = 'VERDI_JSON',
  REDCAP_CSV = 'REDCAP_CSV',
  SURVEYJS_JSON = 'SURVEYJS_JSON',
  XLSFORM_XLSX = 'XLSFORM_XLSX',
}
registerEnumType(InstrumentFormat, {
  name: 'InstrumentFormat',
  valuesConfig: {
    VERDI_JSON: { description: "Verdi's own JSON format (schema/instrument.schema.json); lossless" },
    REDCAP_CSV: { description: 'A REDCap data dictionary (CSV)' },
    SURVEYJS_JSON: { description: 'A SurveyJS survey (JSON); import takes the parts that map' },
    XLSFORM_XLSX: {
      description:
        'An XLSForm (ODK, KoboToolbox) as an .xlsx workbook, carried as base64 text both ways; import takes the parts that map',
    },
  },
});

@InputType({ description: 'A new instrument; it starts with an empty draft' })
export class CreateInstrumentInput {
  @Field()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000, { message: 'must be at most 5000 characters' })
  description?: string | null;

  @Field(() => UUID, {
    nullable: true,
    description:
      "The project it belongs to; left out, it is shared: every project's researchers may use and edit it",
  })
  @IsOptional()
  projectId?: string | null;
}

@InputType({ description: "Changes to an instrument's name or description (not versioned)" })
export class UpdateInstrumentInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000, { message: 'must be at most 5000 characters' })
  description?: string | null;
}

@InputType({ description: 'A file to make a new instrument from' })
export class ImportInstrumentInput {
  @Field(() => InstrumentFormat)
  format!: InstrumentFormat;

  @Field({ description: "The file's text; for XLSFORM_XLSX the workbook's bytes as base64" })
  @MaxLength(2_000_000, { message: 'must be at most 2 MB' })
  content!: string;

  @Field(() => String, {
    nullable: true,
    description: "The new instrument's name; from the file when left out",
  })
  @IsOptional()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name?: string | null;

  @Field(() => UUID, { nullable: true, description: 'The project it belongs to; left out, it is shared' })
  @IsOptional()
  projectId?: string | null;
}
