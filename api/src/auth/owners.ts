import { FreeTextService } from '../freetext/freetext.service.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { RoundService } from '../rounds/round.service.js';
import type { OwnerLookups } from './rules.js';

/** How the rules find the project of what an argument names: listed here, given to the checker in `schema.ts`. */
export const ownerLookups: OwnerLookups = {
  projectOf: {
    Round: (context, id) => new RoundService(context.em).projectOf(id),
    Response: (context, id) => new FreeTextService(context.em).projectOfResponse(id),
  },
  instrumentProject: (context, id) => new InstrumentService(context.em).projectOf(id),
};
