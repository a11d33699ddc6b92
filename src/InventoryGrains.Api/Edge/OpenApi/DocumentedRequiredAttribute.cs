namespace InventoryGrains.Api.Edge.OpenApi;

/// <summary>
/// Lists a nullable contract field as required in the OpenAPI document: a request (or a bulk entry)
/// without it fails, or an answer always carries it (perhaps as null). Documentation only: the field
/// stays nullable so that the handler, not the JSON binder, reports its absence, in the dialect's
/// shape and for the one entry concerned.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class DocumentedRequiredAttribute : Attribute;
