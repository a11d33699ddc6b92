using InventoryGrains.Grains.Inventory;
using InventoryGrains.Grains.Inventory.Jobs;
using InventoryGrains.Grains.Reservations;
using InventoryGrains.Grains.Identifiers;
using InventoryGrains.Grains.SellingPlans;
using InventoryGrains.Grains.Webhooks;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Hosting.Configuration;

// Validators generated at build time from each options class's annotations.

[OptionsValidator]
public sealed partial class InventoryClusterOptionsValidator : IValidateOptions<InventoryClusterOptions>;

[OptionsValidator]
public sealed partial class InventoryPolicyJobOptionsValidator : IValidateOptions<InventoryPolicyJobOptions>;

[OptionsValidator]
public sealed partial class AllOrNothingOptionsValidator : IValidateOptions<AllOrNothingOptions>;

[OptionsValidator]
public sealed partial class ReservationOptionsValidator : IValidateOptions<ReservationOptions>;

[OptionsValidator]
public sealed partial class ItemFilterJobOptionsValidator : IValidateOptions<ItemFilterJobOptions>;

[OptionsValidator]
public sealed partial class IdentifierIndexOptionsValidator : IValidateOptions<IdentifierIndexOptions>;

[OptionsValidator]
public sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
