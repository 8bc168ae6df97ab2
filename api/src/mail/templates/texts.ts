/** The languages mails are written in: bokmål, nynorsk and English. */
export type MailLanguage = 'nb' | 'nn' | 'en';
export const MAIL_LANGUAGES: readonly MailLanguage[] = ['nb', 'nn', 'en'];

export type RetentionAction = 'DELETE' | 'ANONYMISE';

/**
 * Every sentence of every mail, per language. Each language is a `MailTexts`, so a sentence missing in one language
 * is a type error. Names are plain text here; the templates escape them for HTML.
 */
export interface MailTexts {
  /** Intl locale for dates. */
  locale: string;
  footer: string;
  invitation: {
    subject(a: { project: string }): string;
    heading(a: { project: string }): string;
    who(a: { organisation: string; project: string }): string;
    linkText: string;
    linkFallback: string;
    closes(a: { date: string }): string;
    anonymous: string;
    confidential(a: { date: string }): string;
    /** For a round without a closing date, whose deletion day is not known yet. */
    confidentialAfterClose(a: { days: number }): string;
    personal: string;
    controller(a: { organisation: string }): string;
    contact(a: { replyTo: string }): string;
    contactOrganisation(a: { organisation: string }): string;
    optOut: string;
    optOutLinkText: string;
    deletion(a: { date: string }): string;
    /** For a round without a closing date, whose deletion day is not known yet. */
    deletionAfterClose(a: { days: number }): string;
  };
  reminder: {
    subject(a: { project: string }): string;
    heading(a: { project: string }): string;
    already: string;
  };
  retention: {
    subject(a: { project: string; action: RetentionAction; days: number }): string;
    heading(a: { project: string }): string;
    when(a: { project: string; date: string; days: number }): string;
    action: Record<RetentionAction, string>;
    kept: string;
    todo: string;
    reference(a: { reference: string }): string;
    linkText: string;
  };
}

const nb: MailTexts = {
  locale: 'nb-NO',
  footer: 'Denne e-posten er sendt automatisk av Verdi.',
  invitation: {
    subject: ({ project }) => `Du er invitert til å svare på en undersøkelse: ${project}`,
    heading: ({ project }) => `Invitasjon til en undersøkelse i prosjektet «${project}»`,
    who: ({ organisation, project }) =>
      `${organisation} ber deg svare på en undersøkelse i prosjektet «${project}». Svarene brukes til å evaluere og forbedre tjenesten.`,
    linkText: 'Svar på undersøkelsen',
    linkFallback: 'Virker ikke lenken? Kopier denne adressen inn i nettleseren:',
    closes: ({ date }) => `Undersøkelsen er åpen til ${date}.`,
    anonymous:
      'Undersøkelsen er anonym. Verdi registrerer at du har svart, slik at du ikke får flere påminnelser, men ikke hvilket svar som er ditt.',
    confidential: ({ date }) =>
      `Undersøkelsen er konfidensiell: svaret ditt kan knyttes til invitasjonen din fram til e-postadressene slettes ${date}.`,
    confidentialAfterClose: ({ days }) =>
      `Undersøkelsen er konfidensiell: svaret ditt kan knyttes til invitasjonen din fram til e-postadressene slettes, ${days} ${days === 1 ? 'dag' : 'dager'} etter at undersøkelsen er avsluttet.`,
    personal: 'Lenken er personlig. Ikke send den videre.',
    controller: ({ organisation }) => `${organisation} er behandlingsansvarlig.`,
    contact: ({ replyTo }) => `Har du spørsmål, kan du svare på denne e-posten eller skrive til ${replyTo}.`,
    contactOrganisation: ({ organisation }) => `Har du spørsmål, kan du kontakte ${organisation}.`,
    optOut: 'Vil du ikke ha påminnelser om denne undersøkelsen?',
    optOutLinkText: 'Ikke send meg flere påminnelser',
    deletion: ({ date }) => `E-postadressen din slettes fra Verdi ${date}.`,
    deletionAfterClose: ({ days }) =>
      `E-postadressen din slettes fra Verdi ${days} ${days === 1 ? 'dag' : 'dager'} etter at undersøkelsen er avsluttet.`,
  },
  reminder: {
    subject: ({ project }) => `Påminnelse: undersøkelse i ${project}`,
    heading: ({ project }) => `Påminnelse om undersøkelsen i prosjektet «${project}»`,
    already: 'Har du allerede svart? Takk! Da kan du se bort fra denne e-posten.',
  },
  retention: {
    subject: ({ project, action, days }) =>
      `${project}: dataene ${action === 'DELETE' ? 'slettes' : 'anonymiseres'} om ${days} ${days === 1 ? 'dag' : 'dager'}`,
    heading: ({ project }) => `Oppbevaringstiden for ${project} går snart ut`,
    when: ({ project, date, days }) =>
      `Oppbevaringstiden for prosjektet ${project} går ut ${date}, om ${days} ${days === 1 ? 'dag' : 'dager'}.`,
    action: {
      DELETE: 'Da sletter Verdi alle svarene i prosjektets runder.',
      ANONYMISE:
        'Da anonymiserer Verdi svarene: fritekstsvar, kladder og trukne svar slettes, og datoer og koblingsnøkler fjernes.',
    },
    kept: 'Prosjektet, instrumentene, rundenes innstillinger og de publiserte, skjermede tallene beholdes.',
    todo: 'Last ned det dere trenger før det, eller endre datoen på prosjektsiden hvis godkjenningen er forlenget.',
    reference: ({ reference }) => `Godkjenning: ${reference}.`,
    linkText: 'Åpne prosjektet i Verdi',
  },
};

const nn: MailTexts = {
  locale: 'nn-NO',
  footer: 'Denne e-posten er sendt automatisk av Verdi.',
  invitation: {
    subject: ({ project }) => `Du er invitert til å svare på ei undersøking: ${project}`,
    heading: ({ project }) => `Invitasjon til ei undersøking i prosjektet «${project}»`,
    who: ({ organisation, project }) =>
      `${organisation} ber deg svare på ei undersøking i prosjektet «${project}». Svara blir brukte til å evaluere og betre tenesta.`,
    linkText: 'Svar på undersøkinga',
    linkFallback: 'Verkar ikkje lenkja? Kopier denne adressa inn i nettlesaren:',
    closes: ({ date }) => `Undersøkinga er open til ${date}.`,
    anonymous:
      'Undersøkinga er anonym. Verdi registrerer at du har svart, slik at du ikkje får fleire påminningar, men ikkje kva for svar som er ditt.',
    confidential: ({ date }) =>
      `Undersøkinga er konfidensiell: svaret ditt kan knytast til invitasjonen din fram til e-postadressene blir sletta ${date}.`,
    confidentialAfterClose: ({ days }) =>
      `Undersøkinga er konfidensiell: svaret ditt kan knytast til invitasjonen din fram til e-postadressene blir sletta, ${days} ${days === 1 ? 'dag' : 'dagar'} etter at undersøkinga er avslutta.`,
    personal: 'Lenkja er personleg. Ikkje send henne vidare.',
    controller: ({ organisation }) => `${organisation} er behandlingsansvarleg.`,
    contact: ({ replyTo }) => `Har du spørsmål, kan du svare på denne e-posten eller skrive til ${replyTo}.`,
    contactOrganisation: ({ organisation }) => `Har du spørsmål, kan du kontakte ${organisation}.`,
    optOut: 'Vil du ikkje ha påminningar om denne undersøkinga?',
    optOutLinkText: 'Ikkje send meg fleire påminningar',
    deletion: ({ date }) => `E-postadressa di blir sletta frå Verdi ${date}.`,
    deletionAfterClose: ({ days }) =>
      `E-postadressa di blir sletta frå Verdi ${days} ${days === 1 ? 'dag' : 'dagar'} etter at undersøkinga er avslutta.`,
  },
  reminder: {
    subject: ({ project }) => `Påminning: undersøking i ${project}`,
    heading: ({ project }) => `Påminning om undersøkinga i prosjektet «${project}»`,
    already: 'Har du alt svart? Takk! Då kan du sjå bort frå denne e-posten.',
  },
  retention: {
    subject: ({ project, action, days }) =>
      `${project}: dataa blir ${action === 'DELETE' ? 'sletta' : 'anonymiserte'} om ${days} ${days === 1 ? 'dag' : 'dagar'}`,
    heading: ({ project }) => `Oppbevaringstida for ${project} går snart ut`,
    when: ({ project, date, days }) =>
      `Oppbevaringstida for prosjektet ${project} går ut ${date}, om ${days} ${days === 1 ? 'dag' : 'dagar'}.`,
    action: {
      DELETE: 'Då slettar Verdi alle svara i rundane i prosjektet.',
      ANONYMISE:
        'Då anonymiserer Verdi svara: fritekstsvar, kladdar og trekte svar blir sletta, og datoar og koplingsnøklar blir fjerna.',
    },
    kept: 'Prosjektet, instrumenta, innstillingane for rundane og dei publiserte, skjerma tala blir tekne vare på.',
    todo: 'Last ned det de treng før det, eller endre datoen på prosjektsida dersom godkjenninga er forlengd.',
    reference: ({ reference }) => `Godkjenning: ${reference}.`,
    linkText: 'Opne prosjektet i Verdi',
  },
};

const en: MailTexts = {
  locale: 'en-GB',
  footer: 'This e-mail was sent automatically by Verdi.',
  invitation: {
    subject: ({ project }) => `You are invited to answer a survey: ${project}`,
    heading: ({ project }) => `Invitation to a survey in the project “${project}”`,
    who: ({ organisation, project }) =>
      `${organisation} asks you to answer a survey in the project “${project}”. The answers are used to evaluate and improve the service.`,
    linkText: 'Answer the survey',
    linkFallback: 'If the link does not work, copy this address into your browser:',
    closes: ({ date }) => `The survey is open until ${date}.`,
    anonymous:
      'The survey is anonymous. Verdi records that you have answered, so that you get no more reminders, but not which answer is yours.',
    confidential: ({ date }) =>
      `The survey is confidential: your answer can be linked to your invitation until the e-mail addresses are deleted on ${date}.`,
    confidentialAfterClose: ({ days }) =>
      `The survey is confidential: your answer can be linked to your invitation until the e-mail addresses are deleted, ${days} ${days === 1 ? 'day' : 'days'} after the survey closes.`,
    personal: 'The link is personal. Please do not forward it.',
    controller: ({ organisation }) => `${organisation} is the data controller.`,
    contact: ({ replyTo }) => `If you have questions, reply to this e-mail or write to ${replyTo}.`,
    contactOrganisation: ({ organisation }) => `If you have questions, contact ${organisation}.`,
    optOut: 'Do you not want reminders about this survey?',
    optOutLinkText: 'Send me no more reminders',
    deletion: ({ date }) => `Your e-mail address will be deleted from Verdi on ${date}.`,
    deletionAfterClose: ({ days }) =>
      `Your e-mail address will be deleted from Verdi ${days} ${days === 1 ? 'day' : 'days'} after the survey closes.`,
  },
  reminder: {
    subject: ({ project }) => `Reminder: survey in ${project}`,
    heading: ({ project }) => `Reminder about the survey in the project “${project}”`,
    already: 'Have you already answered? Thank you! Then you can ignore this e-mail.',
  },
  retention: {
    subject: ({ project, action, days }) =>
      `${project}: the data will be ${action === 'DELETE' ? 'deleted' : 'anonymised'} in ${days} ${days === 1 ? 'day' : 'days'}`,
    heading: ({ project }) => `The retention period for ${project} ends soon`,
    when: ({ project, date, days }) =>
      `The retention period for the project ${project} ends on ${date}, in ${days} ${days === 1 ? 'day' : 'days'}.`,
    action: {
      DELETE: "Verdi will then delete all answers in the project's rounds.",
      ANONYMISE:
        'Verdi will then anonymise the answers: free-text answers, drafts and withdrawn answers are deleted, and dates and linkage keys removed.',
    },
    kept: "The project, its instruments, the rounds' settings and the published, suppressed figures are kept.",
    todo: 'Download what you need before then, or change the date on the project page if the approval has been extended.',
    reference: ({ reference }) => `Approval: ${reference}.`,
    linkText: 'Open the project in Verdi',
  },
};

export const MAIL_TEXTS: Record<MailLanguage, MailTexts> = { nb, nn, en };
