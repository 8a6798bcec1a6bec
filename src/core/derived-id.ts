/**
 * The namespace of the deterministic ids the library derives (UUID v5): `--derive-ids` for records
 * without an id, and omnisend-api's `eventID` for an id that is not a UUID.
 *
 * @since 0.2.0
 */

/**
 * The namespace of derived ids (UUID v5): a fixed UUID of this project.
 *
 * @example
 * import { DERIVED_ID_NAMESPACE } from "commerce-rosetta"
 * DERIVED_ID_NAMESPACE // "6f1f7b52-5c8e-4a43-9a57-0c2c3f0b9e11"
 *
 * @category translation
 * @since 0.1.0
 */
export const DERIVED_ID_NAMESPACE = "6f1f7b52-5c8e-4a43-9a57-0c2c3f0b9e11";
