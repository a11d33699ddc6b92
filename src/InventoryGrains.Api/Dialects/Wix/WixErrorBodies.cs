namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>Wix: <c>{"message", "details": {"applicationError": {"code", "description", "data"}}}</c>.</summary>
public sealed record WixErrorBody(string Message, WixErrorDetails Details)
{
    public static WixErrorBody Of(string code, string description, IReadOnlyDictionary<string, string>? data = null) =>
        new(description, new WixErrorDetails(new WixApplicationError(code, description, data)));
}

public sealed record WixErrorDetails(WixApplicationError ApplicationError);

/// <param name="Data">Details of the error, e.g. <c>currentRevision</c> of a revision mismatch.</param>
public sealed record WixApplicationError(string Code, string Description, IReadOnlyDictionary<string, string>? Data);

/// <summary>
/// Wix, for a request whose fields break a validation rule:
/// <c>{"message", "details": {"validationError": {"fieldViolations": [{"field", "description", "violatedRule", "ruleName"}]}}}</c>.
/// </summary>
public sealed record WixValidationErrorBody(string Message, WixValidationErrorDetails Details)
{
    public static WixValidationErrorBody Of(string message, IReadOnlyList<WixFieldViolation> violations) =>
        new(message, new WixValidationErrorDetails(new WixValidationError(violations)));
}

public sealed record WixValidationErrorDetails(WixValidationError ValidationError);

public sealed record WixValidationError(IReadOnlyList<WixFieldViolation> FieldViolations);

/// <param name="ViolatedRule">Wix's rule kind; <c>OTHER</c> for a rule named by <paramref name="RuleName"/>.</param>
public sealed record WixFieldViolation(string Field, string Description, string ViolatedRule, string RuleName);
