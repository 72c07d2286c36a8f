/** The editor's directory and open file, kept while its tab is closed. */
export const editorState = $state<{ dir: string; path: string | null }>({ dir: '/mnt', path: null })
