/**
 * Every diff rule, one module each. Keep this list sorted; a test checks that every
 * module in this folder (except kit.ts and security.ts) is listed here.
 */
import type { Rule } from '../rule.ts';
import asyncOperationActionChanged from './async-operation-action-changed.ts';
import asyncOperationAdded from './async-operation-added.ts';
import asyncOperationChannelChanged from './async-operation-channel-changed.ts';
import asyncOperationIdChanged from './async-operation-id-changed.ts';
import asyncOperationRemoved from './async-operation-removed.ts';
import asyncOperationReplyChanged from './async-operation-reply-changed.ts';
import asyncOperationSecurityChanged from './async-operation-security-changed.ts';
import asyncServerRemoved from './async-server-removed.ts';
import channelAdded from './channel-added.ts';
import channelAddressChanged from './channel-address-changed.ts';
import channelParameterAdded from './channel-parameter-added.ts';
import channelParameterEnumAdded from './channel-parameter-enum-added.ts';
import channelParameterEnumValueRemoved from './channel-parameter-enum-value-removed.ts';
import channelParameterLocationChanged from './channel-parameter-location-changed.ts';
import channelParameterRemoved from './channel-parameter-removed.ts';
import channelRemoved from './channel-removed.ts';
import channelServerRemoved from './channel-server-removed.ts';
import deprecatedAsyncOperationRemoved from './deprecated-async-operation-removed.ts';
import deprecatedOperationRemoved from './deprecated-operation-removed.ts';
import deprecatedOperationRemovedWithoutSunset from './deprecated-operation-removed-without-sunset.ts';
import deprecationWindowTooShort from './deprecation-window-too-short.ts';
import discriminatorPropertyChanged from './discriminator-property-changed.ts';
import errorCodeAdded from './error-code-added.ts';
import errorCodeRemoved from './error-code-removed.ts';
import errorCodeRenamed from './error-code-renamed.ts';
import errorMemberRetyped from './error-member-retyped.ts';
import errorOptionalMemberRemoved from './error-optional-member-removed.ts';
import errorRequiredMemberRemoved from './error-required-member-removed.ts';
import errorRetryableChanged from './error-retryable-changed.ts';
import errorScopeChanged from './error-scope-changed.ts';
import errorStatusChanged from './error-status-changed.ts';
import errorTitleChanged from './error-title-changed.ts';
import errorTypeChanged from './error-type-changed.ts';
import ignoreExpired from './ignore-expired.ts';
import ignoreUnmatched from './ignore-unmatched.ts';
import messageContentTypeChanged from './message-content-type-changed.ts';
import messageCorrelationIdChanged from './message-correlation-id-changed.ts';
import messagePayloadRemoved from './message-payload-removed.ts';
import messageSchemaFormatChanged from './message-schema-format-changed.ts';
import operationAdded from './operation-added.ts';
import operationDeprecated from './operation-deprecated.ts';
import operationDeprecatedWithoutSunset from './operation-deprecated-without-sunset.ts';
import operationErrorCodeAdded from './operation-error-code-added.ts';
import operationErrorCodeRemoved from './operation-error-code-removed.ts';
import operationIdChanged from './operation-id-changed.ts';
import operationIdRemoved from './operation-id-removed.ts';
import operationRemoved from './operation-removed.ts';
import operationRemovedBeforeSunset from './operation-removed-before-sunset.ts';
import operationSunsetEarlier from './operation-sunset-earlier.ts';
import operationUndeprecated from './operation-undeprecated.ts';
import parameterDeprecatedWithoutSunset from './parameter-deprecated-without-sunset.ts';
import parameterRemovedBeforeSunset from './parameter-removed-before-sunset.ts';
import pathParameterNameChanged from './path-parameter-name-changed.ts';
import pathParameterRenamed from './path-parameter-renamed.ts';
import propertyDeprecated from './property-deprecated.ts';
import propertyRemovedBeforeSunset from './property-removed-before-sunset.ts';
import receivedMessageAdded from './received-message-added.ts';
import receivedMessagePayloadAdded from './received-message-payload-added.ts';
import receivedMessageRemoved from './received-message-removed.ts';
import requestAdditionalPropertiesAllowed from './request-additional-properties-allowed.ts';
import requestAdditionalPropertiesRestricted from './request-additional-properties-restricted.ts';
import requestBodyAddedOptional from './request-body-added-optional.ts';
import requestBodyAddedRequired from './request-body-added-required.ts';
import requestBodyBecameOptional from './request-body-became-optional.ts';
import requestBodyBecameRequired from './request-body-became-required.ts';
import requestBodyRemoved from './request-body-removed.ts';
import requestConditionalAdded from './request-conditional-added.ts';
import requestConditionalRemoved from './request-conditional-removed.ts';
import requestConstChanged from './request-const-changed.ts';
import requestConstRemoved from './request-const-removed.ts';
import requestContainsAdded from './request-contains-added.ts';
import requestContainsRemoved from './request-contains-removed.ts';
import requestContentEncodingChanged from './request-content-encoding-changed.ts';
import requestContentMediaTypeChanged from './request-content-media-type-changed.ts';
import requestContentSchemaAdded from './request-content-schema-added.ts';
import requestContentSchemaRemoved from './request-content-schema-removed.ts';
import requestDefaultAdded from './request-default-added.ts';
import requestDefaultChanged from './request-default-changed.ts';
import requestDefaultRemoved from './request-default-removed.ts';
import requestDependentRequiredAdded from './request-dependent-required-added.ts';
import requestDependentRequiredRemoved from './request-dependent-required-removed.ts';
import requestDependentSchemasAdded from './request-dependent-schemas-added.ts';
import requestDependentSchemasRemoved from './request-dependent-schemas-removed.ts';
import requestDiscriminatorValueRemoved from './request-discriminator-value-removed.ts';
import requestEnumAdded from './request-enum-added.ts';
import requestEnumRemoved from './request-enum-removed.ts';
import requestEnumValueAdded from './request-enum-value-added.ts';
import requestEnumValueRemoved from './request-enum-value-removed.ts';
import requestExtensibleEnumValueRemoved from './request-extensible-enum-value-removed.ts';
import requestFormatChanged from './request-format-changed.ts';
import requestFormatWidened from './request-format-widened.ts';
import requestMaxContainsDecreased from './request-max-contains-decreased.ts';
import requestMaxContainsIncreased from './request-max-contains-increased.ts';
import requestMaxItemsDecreased from './request-max-items-decreased.ts';
import requestMaxItemsIncreased from './request-max-items-increased.ts';
import requestMaxLengthDecreased from './request-max-length-decreased.ts';
import requestMaxLengthIncreased from './request-max-length-increased.ts';
import requestMaxPropertiesDecreased from './request-max-properties-decreased.ts';
import requestMaxPropertiesIncreased from './request-max-properties-increased.ts';
import requestMaximumDecreased from './request-maximum-decreased.ts';
import requestMaximumIncreased from './request-maximum-increased.ts';
import requestMediaTypeAdded from './request-media-type-added.ts';
import requestMediaTypeRemoved from './request-media-type-removed.ts';
import requestMediaTypeSchemaAdded from './request-media-type-schema-added.ts';
import requestMediaTypeSchemaRemoved from './request-media-type-schema-removed.ts';
import requestMessageHeadersAdded from './request-message-headers-added.ts';
import requestMessageHeadersRemoved from './request-message-headers-removed.ts';
import requestMinContainsDecreased from './request-min-contains-decreased.ts';
import requestMinContainsIncreased from './request-min-contains-increased.ts';
import requestMinItemsDecreased from './request-min-items-decreased.ts';
import requestMinItemsIncreased from './request-min-items-increased.ts';
import requestMinLengthDecreased from './request-min-length-decreased.ts';
import requestMinLengthIncreased from './request-min-length-increased.ts';
import requestMinPropertiesDecreased from './request-min-properties-decreased.ts';
import requestMinPropertiesIncreased from './request-min-properties-increased.ts';
import requestMinimumDecreased from './request-minimum-decreased.ts';
import requestMinimumIncreased from './request-minimum-increased.ts';
import requestMultipleOfChanged from './request-multiple-of-changed.ts';
import requestNotAdded from './request-not-added.ts';
import requestNotRemoved from './request-not-removed.ts';
import requestNullableAdded from './request-nullable-added.ts';
import requestNullableRemoved from './request-nullable-removed.ts';
import requestOneOfBranchAdded from './request-one-of-branch-added.ts';
import requestOneOfBranchRemoved from './request-one-of-branch-removed.ts';
import requestOneOfOverlap from './request-one-of-overlap.ts';
import requestOptionalPropertyAdded from './request-optional-property-added.ts';
import requestParameterAdded from './request-parameter-added.ts';
import requestParameterAddedRequired from './request-parameter-added-required.ts';
import requestParameterBecameOptional from './request-parameter-became-optional.ts';
import requestParameterBecameRequired from './request-parameter-became-required.ts';
import requestParameterDefaultChanged from './request-parameter-default-changed.ts';
import requestParameterDeprecated from './request-parameter-deprecated.ts';
import requestParameterEmptyValueDisallowed from './request-parameter-empty-value-disallowed.ts';
import requestParameterLocationChanged from './request-parameter-location-changed.ts';
import requestParameterRemoved from './request-parameter-removed.ts';
import requestParameterStyleChanged from './request-parameter-style-changed.ts';
import requestPatternAdded from './request-pattern-added.ts';
import requestPatternChanged from './request-pattern-changed.ts';
import requestPatternPropertiesAdded from './request-pattern-properties-added.ts';
import requestPatternPropertiesRemoved from './request-pattern-properties-removed.ts';
import requestPatternRemoved from './request-pattern-removed.ts';
import requestPrefixItemsAdded from './request-prefix-items-added.ts';
import requestPrefixItemsRemoved from './request-prefix-items-removed.ts';
import requestPropertyBecameOptional from './request-property-became-optional.ts';
import requestPropertyBecameReadOnly from './request-property-became-read-only.ts';
import requestPropertyBecameRequired from './request-property-became-required.ts';
import requestPropertyNamesAdded from './request-property-names-added.ts';
import requestPropertyNamesRemoved from './request-property-names-removed.ts';
import requestPropertyRemoved from './request-property-removed.ts';
import requestPropertyRemovedClosed from './request-property-removed-closed.ts';
import requestRequiredPropertyAdded from './request-required-property-added.ts';
import requestSecurityRelaxed from './request-security-relaxed.ts';
import requestSecuritySchemeAdded from './request-security-scheme-added.ts';
import requestSecurityScopeAdded from './request-security-scope-added.ts';
import requestTypeChanged from './request-type-changed.ts';
import requestTypeWidened from './request-type-widened.ts';
import requestUnevaluatedItemsAdded from './request-unevaluated-items-added.ts';
import requestUnevaluatedItemsRemoved from './request-unevaluated-items-removed.ts';
import requestUnevaluatedPropertiesAdded from './request-unevaluated-properties-added.ts';
import requestUnevaluatedPropertiesRemoved from './request-unevaluated-properties-removed.ts';
import requestUniqueItemsAdded from './request-unique-items-added.ts';
import responseAdditionalPropertiesAllowed from './response-additional-properties-allowed.ts';
import responseAdditionalPropertiesRestricted from './response-additional-properties-restricted.ts';
import responseConditionalAdded from './response-conditional-added.ts';
import responseConditionalRemoved from './response-conditional-removed.ts';
import responseConstAdded from './response-const-added.ts';
import responseConstChanged from './response-const-changed.ts';
import responseContainsAdded from './response-contains-added.ts';
import responseContainsRemoved from './response-contains-removed.ts';
import responseContentEncodingChanged from './response-content-encoding-changed.ts';
import responseContentMediaTypeChanged from './response-content-media-type-changed.ts';
import responseContentSchemaAdded from './response-content-schema-added.ts';
import responseContentSchemaRemoved from './response-content-schema-removed.ts';
import responseDefaultChanged from './response-default-changed.ts';
import responseDependentRequiredAdded from './response-dependent-required-added.ts';
import responseDependentRequiredRemoved from './response-dependent-required-removed.ts';
import responseDependentSchemasAdded from './response-dependent-schemas-added.ts';
import responseDependentSchemasRemoved from './response-dependent-schemas-removed.ts';
import responseDiscriminatorValueAdded from './response-discriminator-value-added.ts';
import responseEnumAdded from './response-enum-added.ts';
import responseEnumRemoved from './response-enum-removed.ts';
import responseEnumValueAdded from './response-enum-value-added.ts';
import responseEnumValueRemoved from './response-enum-value-removed.ts';
import responseExtensibleEnumValueAdded from './response-extensible-enum-value-added.ts';
import responseFormatAdded from './response-format-added.ts';
import responseFormatChanged from './response-format-changed.ts';
import responseFormatRemoved from './response-format-removed.ts';
import responseHeaderAdded from './response-header-added.ts';
import responseHeaderBecameOptional from './response-header-became-optional.ts';
import responseHeaderRemoved from './response-header-removed.ts';
import responseMaxContainsDecreased from './response-max-contains-decreased.ts';
import responseMaxContainsIncreased from './response-max-contains-increased.ts';
import responseMaxItemsDecreased from './response-max-items-decreased.ts';
import responseMaxItemsIncreased from './response-max-items-increased.ts';
import responseMaxLengthDecreased from './response-max-length-decreased.ts';
import responseMaxLengthIncreased from './response-max-length-increased.ts';
import responseMaxPropertiesDecreased from './response-max-properties-decreased.ts';
import responseMaxPropertiesIncreased from './response-max-properties-increased.ts';
import responseMaximumDecreased from './response-maximum-decreased.ts';
import responseMaximumIncreased from './response-maximum-increased.ts';
import responseMediaTypeAdded from './response-media-type-added.ts';
import responseMediaTypeRemoved from './response-media-type-removed.ts';
import responseMediaTypeSchemaAdded from './response-media-type-schema-added.ts';
import responseMediaTypeSchemaRemoved from './response-media-type-schema-removed.ts';
import responseMessageHeadersAdded from './response-message-headers-added.ts';
import responseMessageHeadersRemoved from './response-message-headers-removed.ts';
import responseMinContainsDecreased from './response-min-contains-decreased.ts';
import responseMinContainsIncreased from './response-min-contains-increased.ts';
import responseMinItemsDecreased from './response-min-items-decreased.ts';
import responseMinItemsIncreased from './response-min-items-increased.ts';
import responseMinLengthDecreased from './response-min-length-decreased.ts';
import responseMinLengthIncreased from './response-min-length-increased.ts';
import responseMinPropertiesDecreased from './response-min-properties-decreased.ts';
import responseMinPropertiesIncreased from './response-min-properties-increased.ts';
import responseMinimumDecreased from './response-minimum-decreased.ts';
import responseMinimumIncreased from './response-minimum-increased.ts';
import responseMultipleOfChanged from './response-multiple-of-changed.ts';
import responseNonSuccessStatusAdded from './response-non-success-status-added.ts';
import responseNonSuccessStatusRemoved from './response-non-success-status-removed.ts';
import responseNotAdded from './response-not-added.ts';
import responseNotRemoved from './response-not-removed.ts';
import responseNullableAdded from './response-nullable-added.ts';
import responseNullableRemoved from './response-nullable-removed.ts';
import responseOneOfBranchAdded from './response-one-of-branch-added.ts';
import responseOneOfBranchRemoved from './response-one-of-branch-removed.ts';
import responseOneOfOverlap from './response-one-of-overlap.ts';
import responseOptionalHeaderRemoved from './response-optional-header-removed.ts';
import responseOptionalPropertyRemoved from './response-optional-property-removed.ts';
import responsePatternAdded from './response-pattern-added.ts';
import responsePatternChanged from './response-pattern-changed.ts';
import responsePatternPropertiesAdded from './response-pattern-properties-added.ts';
import responsePatternPropertiesRemoved from './response-pattern-properties-removed.ts';
import responsePatternRemoved from './response-pattern-removed.ts';
import responsePrefixItemsAdded from './response-prefix-items-added.ts';
import responsePrefixItemsRemoved from './response-prefix-items-removed.ts';
import responsePropertyAdded from './response-property-added.ts';
import responsePropertyAddedClosed from './response-property-added-closed.ts';
import responsePropertyBecameOptional from './response-property-became-optional.ts';
import responsePropertyBecameRequired from './response-property-became-required.ts';
import responsePropertyBecameWriteOnly from './response-property-became-write-only.ts';
import responsePropertyNamesAdded from './response-property-names-added.ts';
import responsePropertyNamesRemoved from './response-property-names-removed.ts';
import responsePropertyRemoved from './response-property-removed.ts';
import responseSuccessStatusAdded from './response-success-status-added.ts';
import responseSuccessStatusDocumented from './response-success-status-documented.ts';
import responseSuccessStatusRemoved from './response-success-status-removed.ts';
import responseTypeChanged from './response-type-changed.ts';
import responseTypeNarrowed from './response-type-narrowed.ts';
import responseUnevaluatedItemsAdded from './response-unevaluated-items-added.ts';
import responseUnevaluatedItemsRemoved from './response-unevaluated-items-removed.ts';
import responseUnevaluatedPropertiesAdded from './response-unevaluated-properties-added.ts';
import responseUnevaluatedPropertiesRemoved from './response-unevaluated-properties-removed.ts';
import responseUniqueItemsRemoved from './response-unique-items-removed.ts';
import securitySchemeApiKeyMoved from './security-scheme-api-key-moved.ts';
import securitySchemeBearerFormatChanged from './security-scheme-bearer-format-changed.ts';
import securitySchemeFlowRemoved from './security-scheme-flow-removed.ts';
import securitySchemeRemoved from './security-scheme-removed.ts';
import securitySchemeTypeChanged from './security-scheme-type-changed.ts';
import securitySchemeUrlChanged from './security-scheme-url-changed.ts';
import sentMessageAdded from './sent-message-added.ts';
import sentMessagePayloadAdded from './sent-message-payload-added.ts';
import sentMessageRemoved from './sent-message-removed.ts';
import serverProtocolChanged from './server-protocol-changed.ts';
import serverProtocolVersionChanged from './server-protocol-version-changed.ts';
import serverRemoved from './server-removed.ts';
import serverSecurityChanged from './server-security-changed.ts';
import serverUrlChanged from './server-url-changed.ts';
import serverVariableDefaultChanged from './server-variable-default-changed.ts';
import serverVariableEnumValueRemoved from './server-variable-enum-value-removed.ts';
import specVersionChanged from './spec-version-changed.ts';
import stabilityLevelDecreased from './stability-level-decreased.ts';
import stabilityLevelInvalid from './stability-level-invalid.ts';
import sunsetInvalid from './sunset-invalid.ts';
import versionDecreased from './version-decreased.ts';
import versionNotBumped from './version-not-bumped.ts';

export const ALL_RULES: Rule[] = [
  asyncOperationActionChanged as Rule,
  asyncOperationAdded as Rule,
  asyncOperationChannelChanged as Rule,
  asyncOperationIdChanged as Rule,
  asyncOperationRemoved as Rule,
  asyncOperationReplyChanged as Rule,
  asyncOperationSecurityChanged as Rule,
  asyncServerRemoved as Rule,
  channelAdded as Rule,
  channelAddressChanged as Rule,
  channelParameterAdded as Rule,
  channelParameterEnumAdded as Rule,
  channelParameterEnumValueRemoved as Rule,
  channelParameterLocationChanged as Rule,
  channelParameterRemoved as Rule,
  channelRemoved as Rule,
  channelServerRemoved as Rule,
  deprecatedAsyncOperationRemoved as Rule,
  deprecatedOperationRemoved as Rule,
  deprecatedOperationRemovedWithoutSunset as Rule,
  deprecationWindowTooShort as Rule,
  discriminatorPropertyChanged as Rule,
  errorCodeAdded as Rule,
  errorCodeRemoved as Rule,
  errorCodeRenamed as Rule,
  errorMemberRetyped as Rule,
  errorOptionalMemberRemoved as Rule,
  errorRequiredMemberRemoved as Rule,
  errorRetryableChanged as Rule,
  errorScopeChanged as Rule,
  errorStatusChanged as Rule,
  errorTitleChanged as Rule,
  errorTypeChanged as Rule,
  ignoreExpired as Rule,
  ignoreUnmatched as Rule,
  messageContentTypeChanged as Rule,
  messageCorrelationIdChanged as Rule,
  messagePayloadRemoved as Rule,
  messageSchemaFormatChanged as Rule,
  operationAdded as Rule,
  operationDeprecated as Rule,
  operationDeprecatedWithoutSunset as Rule,
  operationErrorCodeAdded as Rule,
  operationErrorCodeRemoved as Rule,
  operationIdChanged as Rule,
  operationIdRemoved as Rule,
  operationRemoved as Rule,
  operationRemovedBeforeSunset as Rule,
  operationSunsetEarlier as Rule,
  operationUndeprecated as Rule,
  parameterDeprecatedWithoutSunset as Rule,
  parameterRemovedBeforeSunset as Rule,
  pathParameterNameChanged as Rule,
  pathParameterRenamed as Rule,
  propertyDeprecated as Rule,
  propertyRemovedBeforeSunset as Rule,
  receivedMessageAdded as Rule,
  receivedMessagePayloadAdded as Rule,
  receivedMessageRemoved as Rule,
  requestAdditionalPropertiesAllowed as Rule,
  requestAdditionalPropertiesRestricted as Rule,
  requestBodyAddedOptional as Rule,
  requestBodyAddedRequired as Rule,
  requestBodyBecameOptional as Rule,
  requestBodyBecameRequired as Rule,
  requestBodyRemoved as Rule,
  requestConditionalAdded as Rule,
  requestConditionalRemoved as Rule,
  requestConstChanged as Rule,
  requestConstRemoved as Rule,
  requestContainsAdded as Rule,
  requestContainsRemoved as Rule,
  requestContentEncodingChanged as Rule,
  requestContentMediaTypeChanged as Rule,
  requestContentSchemaAdded as Rule,
  requestContentSchemaRemoved as Rule,
  requestDefaultAdded as Rule,
  requestDefaultChanged as Rule,
  requestDefaultRemoved as Rule,
  requestDependentRequiredAdded as Rule,
  requestDependentRequiredRemoved as Rule,
  requestDependentSchemasAdded as Rule,
  requestDependentSchemasRemoved as Rule,
  requestDiscriminatorValueRemoved as Rule,
  requestEnumAdded as Rule,
  requestEnumRemoved as Rule,
  requestEnumValueAdded as Rule,
  requestEnumValueRemoved as Rule,
  requestExtensibleEnumValueRemoved as Rule,
  requestFormatChanged as Rule,
  requestFormatWidened as Rule,
  requestMaxContainsDecreased as Rule,
  requestMaxContainsIncreased as Rule,
  requestMaxItemsDecreased as Rule,
  requestMaxItemsIncreased as Rule,
  requestMaxLengthDecreased as Rule,
  requestMaxLengthIncreased as Rule,
  requestMaxPropertiesDecreased as Rule,
  requestMaxPropertiesIncreased as Rule,
  requestMaximumDecreased as Rule,
  requestMaximumIncreased as Rule,
  requestMediaTypeAdded as Rule,
  requestMediaTypeRemoved as Rule,
  requestMediaTypeSchemaAdded as Rule,
  requestMediaTypeSchemaRemoved as Rule,
  requestMessageHeadersAdded as Rule,
  requestMessageHeadersRemoved as Rule,
  requestMinContainsDecreased as Rule,
  requestMinContainsIncreased as Rule,
  requestMinItemsDecreased as Rule,
  requestMinItemsIncreased as Rule,
  requestMinLengthDecreased as Rule,
  requestMinLengthIncreased as Rule,
  requestMinPropertiesDecreased as Rule,
  requestMinPropertiesIncreased as Rule,
  requestMinimumDecreased as Rule,
  requestMinimumIncreased as Rule,
  requestMultipleOfChanged as Rule,
  requestNotAdded as Rule,
  requestNotRemoved as Rule,
  requestNullableAdded as Rule,
  requestNullableRemoved as Rule,
  requestOneOfBranchAdded as Rule,
  requestOneOfBranchRemoved as Rule,
  requestOneOfOverlap as Rule,
  requestOptionalPropertyAdded as Rule,
  requestParameterAdded as Rule,
  requestParameterAddedRequired as Rule,
  requestParameterBecameOptional as Rule,
  requestParameterBecameRequired as Rule,
  requestParameterDefaultChanged as Rule,
  requestParameterDeprecated as Rule,
  requestParameterEmptyValueDisallowed as Rule,
  requestParameterLocationChanged as Rule,
  requestParameterRemoved as Rule,
  requestParameterStyleChanged as Rule,
  requestPatternAdded as Rule,
  requestPatternChanged as Rule,
  requestPatternPropertiesAdded as Rule,
  requestPatternPropertiesRemoved as Rule,
  requestPatternRemoved as Rule,
  requestPrefixItemsAdded as Rule,
  requestPrefixItemsRemoved as Rule,
  requestPropertyBecameOptional as Rule,
  requestPropertyBecameReadOnly as Rule,
  requestPropertyBecameRequired as Rule,
  requestPropertyNamesAdded as Rule,
  requestPropertyNamesRemoved as Rule,
  requestPropertyRemoved as Rule,
  requestPropertyRemovedClosed as Rule,
  requestRequiredPropertyAdded as Rule,
  requestSecurityRelaxed as Rule,
  requestSecuritySchemeAdded as Rule,
  requestSecurityScopeAdded as Rule,
  requestTypeChanged as Rule,
  requestTypeWidened as Rule,
  requestUnevaluatedItemsAdded as Rule,
  requestUnevaluatedItemsRemoved as Rule,
  requestUnevaluatedPropertiesAdded as Rule,
  requestUnevaluatedPropertiesRemoved as Rule,
  requestUniqueItemsAdded as Rule,
  responseAdditionalPropertiesAllowed as Rule,
  responseAdditionalPropertiesRestricted as Rule,
  responseConditionalAdded as Rule,
  responseConditionalRemoved as Rule,
  responseConstAdded as Rule,
  responseConstChanged as Rule,
  responseContainsAdded as Rule,
  responseContainsRemoved as Rule,
  responseContentEncodingChanged as Rule,
  responseContentMediaTypeChanged as Rule,
  responseContentSchemaAdded as Rule,
  responseContentSchemaRemoved as Rule,
  responseDefaultChanged as Rule,
  responseDependentRequiredAdded as Rule,
  responseDependentRequiredRemoved as Rule,
  responseDependentSchemasAdded as Rule,
  responseDependentSchemasRemoved as Rule,
  responseDiscriminatorValueAdded as Rule,
  responseEnumAdded as Rule,
  responseEnumRemoved as Rule,
  responseEnumValueAdded as Rule,
  responseEnumValueRemoved as Rule,
  responseExtensibleEnumValueAdded as Rule,
  responseFormatAdded as Rule,
  responseFormatChanged as Rule,
  responseFormatRemoved as Rule,
  responseHeaderAdded as Rule,
  responseHeaderBecameOptional as Rule,
  responseHeaderRemoved as Rule,
  responseMaxContainsDecreased as Rule,
  responseMaxContainsIncreased as Rule,
  responseMaxItemsDecreased as Rule,
  responseMaxItemsIncreased as Rule,
  responseMaxLengthDecreased as Rule,
  responseMaxLengthIncreased as Rule,
  responseMaxPropertiesDecreased as Rule,
  responseMaxPropertiesIncreased as Rule,
  responseMaximumDecreased as Rule,
  responseMaximumIncreased as Rule,
  responseMediaTypeAdded as Rule,
  responseMediaTypeRemoved as Rule,
  responseMediaTypeSchemaAdded as Rule,
  responseMediaTypeSchemaRemoved as Rule,
  responseMessageHeadersAdded as Rule,
  responseMessageHeadersRemoved as Rule,
  responseMinContainsDecreased as Rule,
  responseMinContainsIncreased as Rule,
  responseMinItemsDecreased as Rule,
  responseMinItemsIncreased as Rule,
  responseMinLengthDecreased as Rule,
  responseMinLengthIncreased as Rule,
  responseMinPropertiesDecreased as Rule,
  responseMinPropertiesIncreased as Rule,
  responseMinimumDecreased as Rule,
  responseMinimumIncreased as Rule,
  responseMultipleOfChanged as Rule,
  responseNonSuccessStatusAdded as Rule,
  responseNonSuccessStatusRemoved as Rule,
  responseNotAdded as Rule,
  responseNotRemoved as Rule,
  responseNullableAdded as Rule,
  responseNullableRemoved as Rule,
  responseOneOfBranchAdded as Rule,
  responseOneOfBranchRemoved as Rule,
  responseOneOfOverlap as Rule,
  responseOptionalHeaderRemoved as Rule,
  responseOptionalPropertyRemoved as Rule,
  responsePatternAdded as Rule,
  responsePatternChanged as Rule,
  responsePatternPropertiesAdded as Rule,
  responsePatternPropertiesRemoved as Rule,
  responsePatternRemoved as Rule,
  responsePrefixItemsAdded as Rule,
  responsePrefixItemsRemoved as Rule,
  responsePropertyAdded as Rule,
  responsePropertyAddedClosed as Rule,
  responsePropertyBecameOptional as Rule,
  responsePropertyBecameRequired as Rule,
  responsePropertyBecameWriteOnly as Rule,
  responsePropertyNamesAdded as Rule,
  responsePropertyNamesRemoved as Rule,
  responsePropertyRemoved as Rule,
  responseSuccessStatusAdded as Rule,
  responseSuccessStatusDocumented as Rule,
  responseSuccessStatusRemoved as Rule,
  responseTypeChanged as Rule,
  responseTypeNarrowed as Rule,
  responseUnevaluatedItemsAdded as Rule,
  responseUnevaluatedItemsRemoved as Rule,
  responseUnevaluatedPropertiesAdded as Rule,
  responseUnevaluatedPropertiesRemoved as Rule,
  responseUniqueItemsRemoved as Rule,
  securitySchemeApiKeyMoved as Rule,
  securitySchemeBearerFormatChanged as Rule,
  securitySchemeFlowRemoved as Rule,
  securitySchemeRemoved as Rule,
  securitySchemeTypeChanged as Rule,
  securitySchemeUrlChanged as Rule,
  sentMessageAdded as Rule,
  sentMessagePayloadAdded as Rule,
  sentMessageRemoved as Rule,
  serverProtocolChanged as Rule,
  serverProtocolVersionChanged as Rule,
  serverRemoved as Rule,
  serverSecurityChanged as Rule,
  serverUrlChanged as Rule,
  serverVariableDefaultChanged as Rule,
  serverVariableEnumValueRemoved as Rule,
  specVersionChanged as Rule,
  stabilityLevelDecreased as Rule,
  stabilityLevelInvalid as Rule,
  sunsetInvalid as Rule,
  versionDecreased as Rule,
  versionNotBumped as Rule,
];
