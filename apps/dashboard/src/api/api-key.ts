import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'mediaflow.apiKey';
const CHANGED = 'mediaflow:api-key-changed';

export function readApiKey(): string {
  return localStorage.getItem(STORAGE_KEY) ?? '';
}

export function saveApiKey(key: string): void {
  if (key) localStorage.setItem(STORAGE_KEY, key);
  else localStorage.removeItem(STORAGE_KEY);
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange); // another tab changed it
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The API key kept in this browser (localStorage), re-rendering when it changes. */
export function useApiKey(): string {
  return useSyncExternalStore(subscribe, readApiKey);
}
