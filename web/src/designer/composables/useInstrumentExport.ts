import { useClientHandle } from '@urql/vue';
import type { InstrumentFormat } from '@verdi/schema/generated';
import { ExportInstrumentDocument } from '@verdi/schema/generated/documents/instruments';
import { ref, shallowRef } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';

export type ExportFormat = Extract<
  InstrumentFormat,
  'VERDI_JSON' | 'REDCAP_CSV' | 'SURVEYJS_JSON' | 'XLSFORM_XLSX'
>;

const fileTypes: Record<ExportFormat, { extension: string; mime: string; suffix: string }> = {
  VERDI_JSON: { extension: 'json', mime: 'application/json', suffix: '' },
  REDCAP_CSV: { extension: 'csv', mime: 'text/csv', suffix: '-redcap' },
  SURVEYJS_JSON: { extension: 'json', mime: 'application/json', suffix: '-surveyjs' },
  XLSFORM_XLSX: {
    extension: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    suffix: '-xlsform',
  },
};

/** The API sends a workbook as base64 (GraphQL carries text); the other formats are the file's text. */
export function fileBlob(format: ExportFormat, text: string): Blob {
  const { mime } = fileTypes[format];
  if (format !== 'XLSFORM_XLSX') return new Blob([text], { type: `${mime};charset=utf-8` });
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** A file name from the instrument's name: letters and digits only, æøå spelled out, so it works anywhere. */
export function exportFileName(name: string, version: number, format: ExportFormat): string {
  const slug =
    name
      .toLowerCase()
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'o')
      .replace(/å/g, 'a')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'instrument';
  const type = fileTypes[format];
  return `${slug}-v${version}${type.suffix}.${type.extension}`;
}

/** Downloads a version of an instrument as a file, made in the browser from the API's text. */
export function useInstrumentExport() {
  const { client } = useClientHandle();
  const busy = ref<string | null>(null);
  const error = shallowRef<ApiError | null>(null);

  async function download(
    instrument: { id: string; name: string },
    version: number,
    format: ExportFormat,
  ): Promise<boolean> {
    busy.value = `${version}-${format}`;
    error.value = null;
    try {
      const result = await client
        .query(
          ExportInstrumentDocument,
          { id: instrument.id, format, version },
          { requestPolicy: 'network-only' },
        )
        .toPromise();
      if (result.error || !result.data) {
        if (result.error) error.value = toApiError(result.error);
        return false;
      }
      const blob = fileBlob(format, result.data.exportInstrument);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = exportFileName(instrument.name, version, format);
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked after the click has been handled: revoking at once can cancel the download in some browsers.
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      return true;
    } finally {
      busy.value = null;
    }
  }

  return { busy, error, download };
}
