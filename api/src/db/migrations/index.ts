import { Migration20261123070000_projects } from './Migration20261123070000_projects.js';
import { Migration20261123070518_accounts_and_audit } from './Migration20261123070518_accounts_and_audit.js';
import { Migration20261123072221_instruments } from './Migration20261123072221_instruments.js';
import { Migration20261123073651_rounds_and_responses } from './Migration20261123073651_rounds_and_responses.js';
import { Migration20261123074431_programme_cohorts } from './Migration20261123074431_programme_cohorts.js';
import { Migration20261123075501_wave_results_after_close } from './Migration20261123075501_wave_results_after_close.js';
import { Migration20261123080352_text_tags } from './Migration20261123080352_text_tags.js';
import { Migration20261123081009_export_audit } from './Migration20261123081009_export_audit.js';
import { Migration20261203082626_pseudonym_key } from './Migration20261203082626_pseudonym_key.js';
import { Migration20261203091954_releases_and_cohort_rules } from './Migration20261203091954_releases_and_cohort_rules.js';
import { Migration20261203132636_throttle_counters } from './Migration20261203132636_throttle_counters.js';
import { Migration20261203132733_round_lifecycle } from './Migration20261203132733_round_lifecycle.js';
import { Migration20261203160200_two_factor } from './Migration20261203160200_two_factor.js';
import { Migration20261203160300_single_sign_on } from './Migration20261203160300_single_sign_on.js';
import { Migration20261204230000_rounds_not_waves } from './Migration20261204230000_rounds_not_waves.js';
import { Migration20261205080000_scheduled_jobs } from './Migration20261205080000_scheduled_jobs.js';
import { Migration20261205191100_language_nn } from './Migration20261205191100_language_nn.js';
import { Migration20261206010000_easy_read_and_assistance } from './Migration20261206010000_easy_read_and_assistance.js';
import { Migration20261206020000_item_order } from './Migration20261206020000_item_order.js';
import { Migration20261205191000_round_languages } from './Migration20261205191000_round_languages.js';
import { Migration20261205100000_retention } from './Migration20261205100000_retention.js';
import { Migration20261205090000_invitees } from './Migration20261205090000_invitees.js';

/** Migrations in the order they run. A new migration is added at the end and never edited once committed. */
export const migrationsList = [
  { name: 'Migration20261123070000_projects', class: Migration20261123070000_projects },
  { name: 'Migration20261123070518_accounts_and_audit', class: Migration20261123070518_accounts_and_audit },
  { name: 'Migration20261123072221_instruments', class: Migration20261123072221_instruments },
  {
    name: 'Migration20261123073651_rounds_and_responses',
    class: Migration20261123073651_rounds_and_responses,
  },
  { name: 'Migration20261123074431_programme_cohorts', class: Migration20261123074431_programme_cohorts },
  {
    name: 'Migration20261123075501_wave_results_after_close',
    class: Migration20261123075501_wave_results_after_close,
  },
  { name: 'Migration20261123080352_text_tags', class: Migration20261123080352_text_tags },
  { name: 'Migration20261123081009_export_audit', class: Migration20261123081009_export_audit },
  { name: 'Migration20261203082626_pseudonym_key', class: Migration20261203082626_pseudonym_key },
  {
    name: 'Migration20261203091954_releases_and_cohort_rules',
    class: Migration20261203091954_releases_and_cohort_rules,
  },
  { name: 'Migration20261203132636_throttle_counters', class: Migration20261203132636_throttle_counters },
  { name: 'Migration20261203132733_round_lifecycle', class: Migration20261203132733_round_lifecycle },
  { name: 'Migration20261203160200_two_factor', class: Migration20261203160200_two_factor },
  { name: 'Migration20261203160300_single_sign_on', class: Migration20261203160300_single_sign_on },
  { name: 'Migration20261204230000_rounds_not_waves', class: Migration20261204230000_rounds_not_waves },
  { name: 'Migration20261205080000_scheduled_jobs', class: Migration20261205080000_scheduled_jobs },
  { name: 'Migration20261205100000_retention', class: Migration20261205100000_retention },
  { name: 'Migration20261205090000_invitees', class: Migration20261205090000_invitees },
  { name: 'Migration20261205191000_round_languages', class: Migration20261205191000_round_languages },
  { name: 'Migration20261205191100_language_nn', class: Migration20261205191100_language_nn },
  {
    name: 'Migration20261206010000_easy_read_and_assistance',
    class: Migration20261206010000_easy_read_and_assistance,
  },
  { name: 'Migration20261206020000_item_order', class: Migration20261206020000_item_order },
];
