// The published canonical types (generated, so a user of the plain API needs no effect installed)
// are exactly the Effect schema's types: `npm run typecheck` fails when the two drift apart.
import { expectTypeOf, it } from "vitest";
import type * as Model from "../../src/canonical/model.js";
import type * as Generated from "../../src/canonical/types.generated.js";

it("the generated canonical types equal the Effect schema's", () => {
  expectTypeOf<Generated.CanonicalEvent>().toEqualTypeOf<typeof Model.CanonicalEventSchema.Type>();
  expectTypeOf<Generated.CanonicalProduct>().toEqualTypeOf<typeof Model.Product.Type>();
  expectTypeOf<Generated.CanonicalOrder>().toEqualTypeOf<typeof Model.Order.Type>();
  expectTypeOf<Generated.CanonicalCustomer>().toEqualTypeOf<typeof Model.Customer.Type>();
  expectTypeOf<Generated.CanonicalIdentity>().toEqualTypeOf<typeof Model.Identity.Type>();
  expectTypeOf<Generated.CanonicalLocation>().toEqualTypeOf<typeof Model.Location.Type>();
  expectTypeOf<Generated.CanonicalAttribution>().toEqualTypeOf<typeof Model.Attribution.Type>();
});
