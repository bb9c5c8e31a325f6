package io.zhian.casework;

/** A party as given: role (APPLICANT, RESPONDENT, REPORTER, ENTERPRISE …), name and an optional phone. */
public record NewParty(String role, String name, String phone) {}
