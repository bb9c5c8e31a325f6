package io.zhian.casework;

/** A row of the case type registry ({@code casework_type}); later modules add their types as rows. */
public record CaseType(String code, String nameZh, String nameEn, String description, int dueWorkingDays,
                       boolean open311Public, String group, String keywords) {}
