import { registerEnumType } from 'type-graphql';

export enum SuppressionReason {
  TOO_FEW = 'TOO_FEW',
  SECONDARY = 'SECONDARY',
  ROUND_OPEN = 'ROUND_OPEN',
}
registerEnumType(SuppressionReason, {
  name: 'SuppressionReason',
  description: 'Why a result is not shown; a suppressed result carries no number at all',
  valuesConfig: {
    TOO_FEW: {
      description:
        "Fewer than the round's minimum group size (k) answered; for spread and quartiles, fewer than the larger group they need",
    },
    SECONDARY: {
      description:
        'Enough answered, but showing it would let a hidden group, or an earlier release, be worked out from what is shown',
    },
    ROUND_OPEN: { description: 'The round shows results only after it closes' },
  },
});
