import { ref } from 'vue';

/** Copies a text to the clipboard and says how it went; where the browser refuses, the caller selects the text. */
export function useCopy() {
  const status = ref<'copied' | 'failed' | null>(null);
  async function copy(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      status.value = 'copied';
      return true;
    } catch {
      // Clipboard access needs a secure context and permission.
      status.value = 'failed';
      return false;
    }
  }
  return { status, copy };
}
