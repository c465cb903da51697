#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from files in the repository (the corpus folder is not committed).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/fold_segment corpus/gazetteer_load corpus/exporters corpus/csv_input
for f in ../samples/*.txt; do
  [ -e "$f" ] && cp "$f" "corpus/fold_segment/sample-$(basename "$f")"
done
printf 'The U.S.\u00a0delegation met Mr. Smith in C\xc3\xb4te d\xe2\x80\x99Ivoire.\nUS\xe2\x80\x93Iran talks; Oman\xe2\x80\x99s role.\n\n\xe2\x80\xa2 1Iran met Oman.\n' > corpus/fold_segment/seed-1
printf 'Headline\r\n\r\n\xd8\xa5\xd9\x8a\xd8\xb1\xd8\xa7\xd9\x86 Iran \xe4\xb8\xad\xe5\x9b\xbd Oman. \xc4\xb0stanbul T\xc3\xbcrkiye`s Ankara\x0bTehran\x00.' > corpus/fold_segment/seed-2
for f in ../gazetteers/states.csv ../gazetteers/people.csv ../gazetteers/orgs.csv ../gazetteers/places.csv; do
  [ -e "$f" ] && head -n 25 "$f" > "corpus/gazetteer_load/head-$(basename "$f")"
done
printf '\xef\xbb\xbfid,name,type,aliases,title\r\nx,X,state,Ex||Eks\r\np,P,person,,Minister@2020..2021\r\n' > corpus/gazetteer_load/seed-bom-crlf
printf 'id,name,type,aliases,ambiguous,exact_case\na,A,state,Alpha|US,Alpha,US\nb,B,state,Alpha,Alpha\n"c",C,org,"x,y",,\n' > corpus/gazetteer_load/seed-ambiguous
printf 'Oman\xe2\x80\x99s foreign minister, Badr Albusaidi, met Jane O\xe2\x80\x99Brien in Muscat. Albusaidi, the mediator, said talks went well.\n' > corpus/fold_segment/seed-appositive
printf 'id,title,date,url,text\r\nw1,Talks,2025-01-02,https://example.org/1,"Oman hosted Iran, and Qatar\r\nmediated."\r\n\r\nw2,,,,Plain text\r\n' > corpus/csv_input/seed-crlf-quoted
printf 'id,text\na,He said "no"\nb,"Oman" and Iran\nc,"never closed\nd,ok\n' > corpus/csv_input/seed-stray-quotes
printf '\xef\xbb\xbfText,ID\n"Egypt ""and"" Sudan",x1\n,x2\nIran,x3,extra\n' > corpus/csv_input/seed-bom-fields
