/** The filter form; the search box and sort select sit elsewhere on the page and join it by id. */
export const FILTER_FORM_ID = 'brief-filters';
export const SEARCH_INPUT_ID = 'brief-search';
