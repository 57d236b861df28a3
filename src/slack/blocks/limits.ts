/**
 * Block Kit's length and count limits the builders keep to (api.slack.com/reference/block-kit), in
 * one place: Slack refuses a whole view or message for one field too long.
 */
export const LIMITS = {
  /** A modal's title, submit and close texts. */
  modalText: 24,
  /** A button's text, an option's text or description (plainText's default). */
  shortText: 75,
  /** An input's label or hint. */
  inputLabel: 2000,
  /** A header block's text; an input's placeholder. */
  headerText: 150,
  placeholder: 150,
  /** A section's text (mrkdwn's default). */
  sectionText: 3000,
  /** One of a section's fields. */
  fieldText: 2000,
  /** A confirmation dialog's title, text, and buttons. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Options in one checkbox group. */
  checkboxOptions: 10,
  /** Options in one static select. */
  selectOptions: 100,
  /** Blocks in a modal or a Home tab. */
  viewBlocks: 100,
  /** Elements in one actions block. */
  actionsElements: 25,
} as const;
