/**
 * CountryCodeEnum's values as Magento's schema lists them (module-directory-graph-ql, 2.4.7-p3;
 * the list in ../../test/anchors/customer-graph-ql.module-schema.2.4.7-p3.graphqls). The vendor's
 * enum, not country data: it still has AN and lacks some newer codes.
 */
export const COUNTRY_CODES =
  `AF AX AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BS BH BD BB BY BE BZ BJ BM BT BO BA BW BV BR
IO VG BN BG BF BI KH CM CA CV KY CF TD CL CN CX CC CO KM CG CD CK CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FK
FO FJ FI FR GF PF TF GA GM GE DE GH GI GR GL GD GP GU GT GG GN GW GY HT HM HN HK HU IS IN ID IR IQ IE IM IL IT JM JP JE JO
KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MO MK MG MW MY MV ML MT MH MQ MR MU YT MX FM MD MC MN ME MS MA MZ MM NA NR NP NL
AN NC NZ NI NE NG NU NF MP KP NO OM PK PW PS PA PG PY PE PH PN PL PT QA RE RO RU RW WS SM ST SA SN RS SC SL SG SK SI SB SO
ZA GS KR ES LK BL SH KN LC MF PM VC SD SR SJ SE CH SY TW TJ TZ TH TL TG TK TO TT TN TR TM TC TV UG UA AE GB US UY UM VI UZ
VU VA VE VN WF EH YE ZM ZW`.split(/\s+/);
