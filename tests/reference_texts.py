"""The attribution texts of the shipped reference data, written out here (not imported from the
catalogue) so that a changed wording fails the tests. The DAPOER one is the wording its licence asks
for on every page or sheet showing one of its figures (scorecard/data/NOTICE.md)."""

SOURCE_DAPOER = {"id": "Sumber: Bank Dunia, INDO-DAPOER (CC BY 4.0), berdasarkan data BPS, 2019",
                 "en": "Source: World Bank, INDO-DAPOER (CC BY 4.0), based on BPS data, 2019"}
SOURCE_DUKCAPIL = {"id": "Sumber: Ditjen Dukcapil Kemendagri, semester II 2024 (via cahyadsn/wilayah, MIT)",
                   "en": "Source: Ditjen Dukcapil, Ministry of Home Affairs, 2nd half 2024 (via cahyadsn/wilayah, MIT)"}
