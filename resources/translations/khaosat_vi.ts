<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
    <context>
        <name>AnswerGrid</name>
        <message>
            <source>General information</source>
            <translation>Thông tin chung</translation>
        </message>
        <message>
            <source>Other questions</source>
            <translation>Câu hỏi khác</translation>
        </message>
        <message>
            <source>blank</source>
            <translation>bỏ trống</translation>
        </message>
        <message>
            <source>unreadable</source>
            <translation>không đọc được</translation>
        </message>
    </context>
    <context>
        <name>App</name>
        <message>
            <source>Cannot open the data</source>
            <translation>Không mở được dữ liệu</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>The data in {folder} was written by a newer version of khaosat. Install that version; nothing was changed.</source>
            <translation>Dữ liệu trong {folder} do một phiên bản khaosat mới hơn ghi. Hãy cài phiên bản đó; chưa có gì bị thay đổi.</translation>
        </message>
        <message>
            <source>The data in {folder} is already open in another copy of khaosat{holder}. Use that window, or close it and start again; nothing was changed.</source>
            <translation>Dữ liệu trong {folder} đang được mở ở một chương trình khaosat khác{holder}. Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại; chưa có gì bị thay đổi.</translation>
        </message>
        <message>
            <source>The file in {folder} is not a khaosat database (or it is damaged). Nothing was changed; restore a backup or choose another folder.</source>
            <translation>Tệp trong {folder} không phải cơ sở dữ liệu khaosat (hoặc đã hỏng). Chưa có gì bị thay đổi; hãy khôi phục bản sao lưu hoặc chọn thư mục khác.</translation>
        </message>
        <message>
            <source>The folder {folder} cannot be used: {reason}</source>
            <translation>Không dùng được thư mục {folder}: {reason}</translation>
        </message>
    </context>
    <context>
        <name>Backup</name>
        <message>
            <source>backed up by hand</source>
            <translation>sao lưu thủ công</translation>
        </message>
        <message>
            <source>daily</source>
            <translation>hằng ngày</translation>
        </message>
        <message>
            <source>at exit</source>
            <translation>khi thoát</translation>
        </message>
        <message>
            <source>before an upgrade</source>
            <translation>trước khi nâng cấp</translation>
        </message>
        <message>
            <source>before an import</source>
            <translation>trước khi nhập tệp</translation>
        </message>
        <message>
            <source>before a restore</source>
            <translation>trước khi khôi phục</translation>
        </message>
        <message>
            <source>good</source>
            <translation>tốt</translation>
        </message>
        <message>
            <source>DAMAGED</source>
            <translation>HỎNG</translation>
        </message>
        <message>
            <source>not khaosat data</source>
            <translation>không phải dữ liệu khaosat</translation>
        </message>
        <message>
            <source>from a newer version</source>
            <translation>của phiên bản mới hơn</translation>
        </message>
        <message>
            <source>not checked</source>
            <translation>chưa kiểm tra</translation>
        </message>
        <message>
            <source>The disk holding {folder} is full. Delete files you do not need, then back up again.</source>
            <translation>Ổ đĩa chứa {folder} đã đầy. Hãy xóa bớt tệp không cần rồi sao lưu lại.</translation>
        </message>
        <message>
            <source>The program may not write to {folder} ({reason}). Choose another folder or ask IT support for permission.</source>
            <translation>Chương trình không được phép ghi vào {folder} ({reason}). Hãy chọn thư mục khác hoặc nhờ cán bộ CNTT cấp quyền.</translation>
        </message>
        <message>
            <source>{folder} cannot be reached ({reason}): was the USB drive or network folder removed? Plug it back in and back up again.</source>
            <translation>Không truy cập được {folder} ({reason}): ổ USB hoặc thư mục mạng đã bị rút/ngắt? Hãy cắm lại rồi sao lưu lại.</translation>
        </message>
        <message>
            <source>The database is busy (another program is writing). Wait a moment and try again.</source>
            <translation>Cơ sở dữ liệu đang bận (một chương trình khác đang ghi). Chờ một lát rồi thử lại.</translation>
        </message>
        <message>
            <source>The backup written to {folder} failed its check ({problem}) and was discarded. The data may be damaged: call IT support.</source>
            <translation>Bản sao lưu vừa ghi vào {folder} không qua kiểm tra ({problem}) nên đã bị bỏ. Dữ liệu có thể bị hỏng: hãy gọi cán bộ CNTT.</translation>
        </message>
        <message>
            <source>The second backup location {folder} was not found (USB drive not plugged in?). The main backup is complete.</source>
            <translation>Không thấy nơi sao lưu thứ hai {folder} (ổ USB chưa cắm?). Bản sao lưu chính vẫn đầy đủ.</translation>
        </message>
        <message>
            <source>Copying to the second location {folder} failed ({reason}); the partial copy was removed. The main backup is complete.</source>
            <translation>Sao thêm vào nơi thứ hai {folder} bị lỗi ({reason}); bản chép dở đã được bỏ. Bản sao lưu chính vẫn đầy đủ.</translation>
        </message>
        <message>
            <source>The file {file} does not exist.</source>
            <translation>Không có tệp {file}.</translation>
        </message>
        <message>
            <source>The file {file} is damaged ({problem}); it cannot be restored.</source>
            <translation>Tệp {file} bị hỏng ({problem}) nên không khôi phục từ tệp này được.</translation>
        </message>
        <message>
            <source>The file {file} is not khaosat data.</source>
            <translation>Tệp {file} không phải dữ liệu khaosat.</translation>
        </message>
        <message>
            <source>The file {file} was written by a newer version of khaosat: install that version first.</source>
            <translation>Tệp {file} do phiên bản khaosat mới hơn ghi: hãy cài phiên bản đó trước.</translation>
        </message>
        <message>
            <source>The disk reported an error at {folder}: {reason}. Try again or choose another place.</source>
            <translation>Ổ đĩa báo lỗi tại {folder}: {reason}. Hãy thử lại hoặc chọn nơi khác.</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>The data itself is unchanged.</source>
            <translation>Dữ liệu không bị thay đổi.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Backup failed</source>
            <translation>Sao lưu không thành công</translation>
        </message>
        <message>
            <source>Backup made and checked: {file}</source>
            <translation>Đã sao lưu và kiểm tra tốt: {file}</translation>
        </message>
        <message>
            <source>Also copied to {file}</source>
            <translation>Đã sao thêm vào {file}</translation>
        </message>
        <message>
            <source>Backup</source>
            <translation>Sao lưu</translation>
        </message>
        <message>
            <source>The data is damaged</source>
            <translation>Dữ liệu bị hỏng</translation>
        </message>
        <message>
            <source>The database in {folder} is damaged ({problem}), so it is not opened: nothing was written to it and it will not be deleted.</source>
            <translation>Cơ sở dữ liệu trong {folder} bị hỏng ({problem}) nên không được mở: chưa ghi gì vào đó và tệp sẽ không bị xóa.</translation>
        </message>
        <message>
            <source>No good backup was found in the backups folder. Call IT support; do not delete any file.</source>
            <translation>Không tìm thấy bản sao lưu tốt trong thư mục backups. Hãy gọi cán bộ CNTT; đừng xóa tệp nào.</translation>
        </message>
        <message>
            <source>The newest good backup was made on {when} and holds {forms} forms. Restore it? The damaged file is kept beside the backups.</source>
            <translation>Bản sao lưu tốt mới nhất được tạo lúc {when}, có {forms} phiếu. Khôi phục bản này? Tệp hỏng được giữ lại cạnh các bản sao lưu.</translation>
        </message>
        <message>
            <source>Restore the backup of {when}</source>
            <translation>Khôi phục bản lúc {when}</translation>
        </message>
        <message>
            <source>Close the program</source>
            <translation>Đóng chương trình</translation>
        </message>
        <message>
            <source>Automatic backup failed</source>
            <translation>Sao lưu tự động không thành công</translation>
        </message>
    </context>
    <context>
        <name>BundleErrors</name>
        <message>
            <source>The file {path} already exists and is never overwritten. Choose another folder, or move the old file away first.</source>
            <translation>Tệp {path} đã có; chương trình không bao giờ ghi đè. Hãy chọn thư mục khác, hoặc chuyển tệp cũ đi chỗ khác trước.</translation>
        </message>
        <message>
            <source>The folder {path} does not exist. Create it or choose another folder.</source>
            <translation>Thư mục {path} không có. Hãy tạo thư mục đó hoặc chọn thư mục khác.</translation>
        </message>
        <message>
            <source>The file {path} could not be written ({reason}). Check the free space on the disk and the permission to write there; no file was left half-written.</source>
            <translation>Không ghi được tệp {path} ({reason}). Hãy kiểm tra chỗ trống trên ổ đĩa và quyền ghi vào thư mục; không có tệp nào bị ghi dở.</translation>
        </message>
        <message>
            <source>The file {path} could not be read ({reason}) to put it into the bundle as {name}.</source>
            <translation>Không đọc được tệp {path} ({reason}) để đưa vào gói thành {name}.</translation>
        </message>
        <message>
            <source>The unit's name is empty: enter it in Settings first.</source>
            <translation>Tên đơn vị đang để trống: hãy nhập tên đơn vị trong Cài đặt trước.</translation>
        </message>
        <message>
            <source>The password must have at least {minimum} characters.</source>
            <translation>Mật khẩu phải có ít nhất {minimum} ký tự.</translation>
        </message>
        <message>
            <source>A validity of {days} days is not possible (1 to 7,320 days).</source>
            <translation>Thời hạn {days} ngày không hợp lệ (từ 1 đến 7.320 ngày).</translation>
        </message>
        <message>
            <source>The certificate file {path} cannot be opened. Check the path or choose the file again.</source>
            <translation>Không mở được tệp chứng thư {path}. Hãy kiểm tra đường dẫn hoặc chọn lại tệp.</translation>
        </message>
        <message>
            <source>The file {path} is not a .p12/.pfx certificate file. Choose the certificate file your signature provider gave you.</source>
            <translation>Tệp {path} không phải tệp chứng thư số .p12/.pfx. Hãy chọn tệp chứng thư do nhà cung cấp chữ ký số cấp.</translation>
        </message>
        <message>
            <source>Wrong password for the certificate file {path}. Type it again (mind the keyboard layout and Caps Lock).</source>
            <translation>Sai mật khẩu của tệp chứng thư {path}. Hãy nhập lại (chú ý bộ gõ tiếng Việt và phím Caps Lock).</translation>
        </message>
        <message>
            <source>The file {path} holds no private key and certificate to sign with. Choose the file with the unit's key.</source>
            <translation>Tệp {path} không chứa khóa bí mật và chứng thư để ký. Hãy chọn tệp có khóa của đơn vị.</translation>
        </message>
        <message>
            <source>The PKCS#11 library {path} is not there. Install the USB token's software (from the signature provider) or correct the path in Settings → Signer.</source>
            <translation>Không có thư viện PKCS#11 {path}. Hãy cài phần mềm của USB token (do nhà cung cấp chữ ký số cấp) hoặc sửa đường dẫn trong Cài đặt → Người ký.</translation>
        </message>
        <message>
            <source>The PKCS#11 library {path} cannot be loaded: the file is damaged or for another kind of computer (32/64 bit). Reinstall the USB token's software.</source>
            <translation>Không nạp được thư viện PKCS#11 {path}: tệp bị hỏng hoặc dành cho loại máy khác (32/64 bit). Hãy cài lại phần mềm của USB token.</translation>
        </message>
        <message>
            <source>The USB token “{label}” is not plugged in. Plug it in and press Refresh. Tokens plugged in: {available}.</source>
            <translation>USB token “{label}” chưa được cắm. Hãy cắm token rồi bấm Làm mới. Token đang cắm: {available}.</translation>
        </message>
        <message>
            <source>The USB token “{label}” was pulled out or does not answer. Plug it in again, press Refresh and try again.</source>
            <translation>USB token “{label}” đã bị rút ra hoặc không trả lời. Hãy cắm lại, bấm Làm mới rồi thử lại.</translation>
        </message>
        <message>
            <source>Wrong PIN for the USB token “{label}”. Too many wrong PINs lock the token: check the PIN carefully before trying again.</source>
            <translation>Sai mã PIN của USB token “{label}”. Nhập sai nhiều lần token sẽ bị khóa: hãy kiểm tra kỹ mã PIN trước khi thử lại.</translation>
        </message>
        <message>
            <source>The PIN for the USB token “{label}” has the wrong length or characters that are not allowed.</source>
            <translation>Mã PIN của USB token “{label}” không đúng độ dài hoặc có ký tự không hợp lệ.</translation>
        </message>
        <message>
            <source>The USB token “{label}” is locked after too many wrong PINs. Ask the signature provider to unlock it; the program does not try the PIN any more.</source>
            <translation>USB token “{label}” đã bị khóa do nhập sai mã PIN quá số lần. Hãy liên hệ nhà cung cấp chữ ký số để mở khóa; chương trình không thử mã PIN nữa.</translation>
        </message>
        <message>
            <source>The USB token “{label}” has no private key to sign with.</source>
            <translation>USB token “{label}” không có khóa bí mật để ký.</translation>
        </message>
        <message>
            <source>The USB token “{label}” has several keys ({keys}). Ask the person who supports the program to choose one.</source>
            <translation>USB token “{label}” có nhiều khóa ({keys}). Hãy nhờ người hỗ trợ chương trình chọn khóa dùng để ký.</translation>
        </message>
        <message>
            <source>The USB token “{label}” has no certificate belonging to its signing key.</source>
            <translation>USB token “{label}” không có chứng thư số đi kèm khóa ký.</translation>
        </message>
        <message>
            <source>The USB token “{label}” reported an error ({reason}). Pull it out, plug it in again and try again.</source>
            <translation>USB token “{label}” báo lỗi ({reason}). Hãy rút ra, cắm lại rồi thử lại.</translation>
        </message>
        <message>
            <source>Signing did not succeed ({reason}). No file was written.</source>
            <translation>Ký số không thành công ({reason}). Chưa ghi tệp nào.</translation>
        </message>
        <message>
            <source>The certificate expired on {not_after}; nothing is signed with it. Renew the certificate with the signature provider.</source>
            <translation>Chứng thư số đã hết hạn lúc {not_after}; không ký bằng chứng thư này. Hãy gia hạn chứng thư với nhà cung cấp chữ ký số.</translation>
        </message>
        <message>
            <source>The certificate is only valid from {not_before} (it is now {at}). Check the computer's date and time.</source>
            <translation>Chứng thư số chỉ có hiệu lực từ {not_before} (bây giờ là {at}). Hãy kiểm tra ngày giờ của máy tính.</translation>
        </message>
        <message>
            <source>The report PDF cannot be read: make the report again.</source>
            <translation>Không đọc được tệp báo cáo PDF: hãy lập lại báo cáo.</translation>
        </message>
        <message>
            <source>The report has {pages} pages, so there is no page {page} for the signature.</source>
            <translation>Báo cáo có {pages} trang, không có trang {page} để đặt chữ ký.</translation>
        </message>
        <message>
            <source>The place for the signature on the report is not valid: make the report again.</source>
            <translation>Vị trí đặt chữ ký trên báo cáo không hợp lệ: hãy lập lại báo cáo.</translation>
        </message>
        <message>
            <source>A fact of the bundle is not valid (“{path}”). Check the unit's name and code in Settings.</source>
            <translation>Thông tin của gói không hợp lệ (mục “{path}”). Hãy kiểm tra tên và mã đơn vị trong Cài đặt.</translation>
        </message>
        <message>
            <source>Version {version}: version 1 has no change list and later versions must list their changes.</source>
            <translation>Bản {version}: bản 1 không ghi thay đổi, các bản sau phải ghi các thay đổi so với bản trước.</translation>
        </message>
        <message>
            <source>The file name “{name}” cannot be used in a bundle.</source>
            <translation>Tên tệp “{name}” không dùng được trong gói.</translation>
        </message>
        <message>
            <source>The bundle lacks the required file {name}.</source>
            <translation>Gói thiếu tệp bắt buộc {name}.</translation>
        </message>
        <message>
            <source>Signing was refused (code {code}); nothing was written. Tell the person who supports the program.</source>
            <translation>Không ký được (mã {code}); chưa ghi tệp nào. Hãy báo người hỗ trợ chương trình.</translation>
        </message>
    </context>
    <context>
        <name>ErrorDialog</name>
        <message>
            <source>khaosat: something went wrong</source>
            <translation>khaosat: có lỗi xảy ra</translation>
        </message>
        <message>
            <source>(no log file could be written)</source>
            <translation>(không ghi được tệp nhật ký lỗi)</translation>
        </message>
        <message>
            <source>Incident {number}. Details for IT support are in {log}.</source>
            <translation>Mã sự cố {number}. Chi tiết cho cán bộ CNTT nằm trong {log}.</translation>
        </message>
        <message>
            <source>Back to work</source>
            <translation>Quay lại làm việc</translation>
        </message>
        <message>
            <source>The disk is full: the last change was not saved.</source>
            <translation>Ổ đĩa đã đầy: thao tác vừa rồi chưa được lưu.</translation>
        </message>
        <message>
            <source>The program may not write to the data folder: the last change was not saved.</source>
            <translation>Chương trình không được phép ghi vào thư mục dữ liệu: thao tác vừa rồi chưa được lưu.</translation>
        </message>
        <message>
            <source>The database is busy: another program is writing to it.</source>
            <translation>Cơ sở dữ liệu đang bận: một chương trình khác đang ghi vào đó.</translation>
        </message>
        <message>
            <source>A drive or folder the program uses can no longer be reached.</source>
            <translation>Không còn truy cập được một ổ đĩa hoặc thư mục mà chương trình đang dùng.</translation>
        </message>
        <message>
            <source>The database reported damage.</source>
            <translation>Cơ sở dữ liệu báo bị hỏng.</translation>
        </message>
        <message>
            <source>The disk reported a read or write error.</source>
            <translation>Ổ đĩa báo lỗi đọc/ghi.</translation>
        </message>
        <message>
            <source>Something unexpected went wrong in the program.</source>
            <translation>Chương trình gặp một lỗi không lường trước.</translation>
        </message>
        <message>
            <source>Every form already saved is kept, and the form on the screen stays as it is.</source>
            <translation>Mọi phiếu đã lưu vẫn còn nguyên, phiếu đang nhập trên màn hình vẫn giữ nguyên.</translation>
        </message>
        <message>
            <source>Free some space on the disk (empty the Recycle Bin, delete large files you do not need), then save again with Ctrl+S.</source>
            <translation>Hãy giải phóng chỗ trống trên ổ đĩa (dọn Thùng rác, xóa các tệp lớn không cần), rồi lưu lại bằng Ctrl+S.</translation>
        </message>
        <message>
            <source>Ask IT support to allow writing to {folder}, then save again with Ctrl+S.</source>
            <translation>Hãy nhờ cán bộ CNTT cấp quyền ghi vào {folder}, rồi lưu lại bằng Ctrl+S.</translation>
        </message>
        <message>
            <source>Close the other program (a second khaosat, a backup or copy tool), wait a moment, then save again with Ctrl+S.</source>
            <translation>Hãy đóng chương trình kia (một khaosat thứ hai, phần mềm sao lưu hay chép tệp), chờ một lát rồi lưu lại bằng Ctrl+S.</translation>
        </message>
        <message>
            <source>Plug the USB drive back in or reconnect the network folder, then try again.</source>
            <translation>Hãy cắm lại ổ USB hoặc kết nối lại thư mục mạng, rồi thử lại.</translation>
        </message>
        <message>
            <source>Close the program and open it again: it checks the data at start and offers the newest good backup. Nothing is deleted.</source>
            <translation>Hãy đóng rồi mở lại chương trình: khi mở, chương trình kiểm tra dữ liệu và đề nghị khôi phục bản sao lưu tốt mới nhất. Không có gì bị xóa.</translation>
        </message>
        <message>
            <source>Try again. If it happens again, close the program and call IT support: the disk may be failing.</source>
            <translation>Hãy thử lại. Nếu vẫn lỗi, đóng chương trình và gọi cán bộ CNTT: ổ đĩa có thể sắp hỏng.</translation>
        </message>
        <message>
            <source>You can go on working. If it happens again, close and reopen the program and send the log file below to IT support.</source>
            <translation>Có thể tiếp tục làm việc. Nếu lỗi lặp lại, hãy đóng rồi mở lại chương trình và gửi tệp nhật ký lỗi dưới đây cho cán bộ CNTT.</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <source>Export the signed bundle for iOffice</source>
            <translation>Xuất gói ký số gửi iOffice</translation>
        </message>
        <message>
            <source>&amp;Export</source>
            <translation>&amp;Xuất gói</translation>
        </message>
        <message>
            <source>Export &amp;history</source>
            <translation>&amp;Lịch sử xuất</translation>
        </message>
        <message>
            <source>&amp;Period:</source>
            <translation>&amp;Kỳ báo cáo:</translation>
        </message>
        <message>
            <source>&amp;Sign and export</source>
            <translation>Ký &amp;và xuất</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Checks before signing</source>
            <translation>Kiểm tra trước khi ký</translation>
        </message>
        <message>
            <source>&amp;Reason to export again as a new version:</source>
            <translation>&amp;Lý do xuất lại thành bản mới:</translation>
        </message>
        <message>
            <source>e.g. the file sent earlier was lost; the district asked for it again</source>
            <translation>vd. tệp đã gửi trước bị mất; huyện yêu cầu gửi lại</translation>
        </message>
        <message>
            <source>Digital signature</source>
            <translation>Chữ ký số</translation>
        </message>
        <message>
            <source>Certificate &amp;file (.p12/.pfx)</source>
            <translation>Tệp &amp;chứng thư (.p12/.pfx)</translation>
        </message>
        <message>
            <source>Signing &amp;device (USB token)</source>
            <translation>Thiết bị ký &amp;số (USB token)</translation>
        </message>
        <message>
            <source>the unit's .p12 or .pfx file</source>
            <translation>tệp .p12 hoặc .pfx của đơn vị</translation>
        </message>
        <message>
            <source>C&amp;hoose…</source>
            <translation>C&amp;họn…</translation>
        </message>
        <message>
            <source>Password of the certificate file</source>
            <translation>Mật khẩu của tệp chứng thư</translation>
        </message>
        <message>
            <source>Create a se&amp;lf-signed certificate…</source>
            <translation>Tạo chứng thư &amp;tự ký…</translation>
        </message>
        <message>
            <source>File:</source>
            <translation>Tệp:</translation>
        </message>
        <message>
            <source>Pass&amp;word:</source>
            <translation>Mật khẩ&amp;u:</translation>
        </message>
        <message>
            <source>the token's PKCS#11 library (.dll)</source>
            <translation>thư viện PKCS#11 của token (.dll)</translation>
        </message>
        <message>
            <source>Ch&amp;oose…</source>
            <translation>Chọ&amp;n…</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>Làm &amp;mới</translation>
        </message>
        <message>
            <source>PIN of the USB token</source>
            <translation>Mã PIN của USB token</translation>
        </message>
        <message>
            <source>Library:</source>
            <translation>Thư viện:</translation>
        </message>
        <message>
            <source>&amp;Token:</source>
            <translation>T&amp;oken:</translation>
        </message>
        <message>
            <source>P&amp;IN:</source>
            <translation>Mã P&amp;IN:</translation>
        </message>
        <message>
            <source>Save the two files in</source>
            <translation>Lưu hai tệp vào thư mục</translation>
        </message>
        <message>
            <source>Folder for the exported files</source>
            <translation>Thư mục lưu các tệp xuất</translation>
        </message>
        <message>
            <source>Choose fol&amp;der…</source>
            <translation>&amp;Duyệt thư mục…</translation>
        </message>
        <message>
            <source>Main document (signed report PDF):</source>
            <translation>Văn bản chính (báo cáo PDF đã ký):</translation>
        </message>
        <message>
            <source>Attachment (signed bundle .zip):</source>
            <translation>Tệp đính kèm (gói .zip đã ký):</translation>
        </message>
        <message>
            <source>SHA-256 of the bundle:</source>
            <translation>Mã SHA-256 của gói:</translation>
        </message>
        <message>
            <source>Signed with the certificate of:</source>
            <translation>Ký bằng chứng thư của:</translation>
        </message>
        <message>
            <source>Certificate fingerprint:</source>
            <translation>Dấu vân tay chứng thư:</translation>
        </message>
        <message>
            <source>Forms in the bundle:</source>
            <translation>Số phiếu trong gói:</translation>
        </message>
        <message>
            <source>Sending it through iOffice</source>
            <translation>Cách gửi qua iOffice</translation>
        </message>
        <message>
            <source>&amp;Open the folder</source>
            <translation>&amp;Mở thư mục</translation>
        </message>
        <message>
            <source>&amp;Copy the SHA-256</source>
            <translation>&amp;Sao chép mã SHA-256</translation>
        </message>
        <message>
            <source>&amp;Back to the export</source>
            <translation>&amp;Quay lại màn hình xuất</translation>
        </message>
        <message>
            <source>{start} to {end} · {forms} forms ({active} counted, {void} voided) · this export will be version {version}</source>
            <translation>Từ {start} đến {end} · {forms} phiếu ({active} phiếu tính, {void} phiếu hủy) · lần xuất này là bản {version}</translation>
        </message>
        <message>
            <source>Exported before: version {version} on {time}</source>
            <translation>Đã xuất trước đây: bản {version} lúc {time}</translation>
        </message>
        <message>
            <source>Changes since version {previous} ({count} lines, written into the bundle):</source>
            <translation>Thay đổi so với bản {previous} ({count} dòng, được ghi vào gói):</translation>
        </message>
        <message>
            <source>✓ Nothing to put right: the period can be signed.</source>
            <translation>✓ Không có gì phải xử lý: có thể ký kỳ này.</translation>
        </message>
        <message>
            <source>To export the same data again as a new version, write the reason in the box below, then sign.</source>
            <translation>Muốn xuất lại đúng số liệu này thành bản mới: ghi lý do vào ô dưới đây rồi bấm Ký và xuất.</translation>
        </message>
        <message>
            <source>Signing is not possible until the red points above are put right.</source>
            <translation>Chưa ký được cho đến khi xử lý xong các mục màu đỏ ở trên.</translation>
        </message>
        <message>
            <source>The amber points do not stop the export: read them, then sign if the report must go now.</source>
            <translation>Các mục lưu ý không ngăn việc xuất: hãy đọc kỹ, rồi ký nếu báo cáo cần gửi ngay.</translation>
        </message>
        <message>
            <source>✗ Must be put right: {text}</source>
            <translation>✗ Phải xử lý: {text}</translation>
        </message>
        <message>
            <source>⚠ Note: {text}</source>
            <translation>⚠ Lưu ý: {text}</translation>
        </message>
        <message>
            <source>{period} was exported as version {version} on {time} ({file}) and nothing has changed since. There is nothing new to sign: send that file again if needed (see Export history). If that file is lost or the district asks for it again, write the reason below to export it again as a new version.</source>
            <translation>{period} đã được xuất bản {version} lúc {time} (tệp {file}) và từ đó không có gì thay đổi. Không có gì mới để ký: nếu cần, hãy gửi lại tệp đã xuất (xem tab Lịch sử xuất). Nếu tệp đó đã mất hoặc huyện yêu cầu gửi lại, hãy ghi lý do vào ô dưới đây để xuất lại thành bản mới.</translation>
        </message>
        <message>
            <source>{period} has no counted form yet. Key the period's forms first (F2), or choose another period.</source>
            <translation>{period} chưa có phiếu nào được tính. Hãy nhập phiếu của kỳ trước (F2), hoặc chọn kỳ khác.</translation>
        </message>
        <message>
            <source>The period runs until {end}. Forms keyed after the export need a reason and a new version of the bundle; sign now only if the report is due.</source>
            <translation>Kỳ này kéo dài đến hết ngày {end}. Phiếu nhập sau khi xuất sẽ phải ghi lý do và xuất bản mới; chỉ ký bây giờ nếu đã đến hạn gửi báo cáo.</translation>
        </message>
        <message>
            <source>{count} printed forms are neither keyed nor marked spoiled (first: {first}). Key them, or mark them spoiled or lost under Forms not keyed (F4), so the report counts every form handed out.</source>
            <translation>Có {count} phiếu đã in nhưng chưa nhập và chưa đánh dấu hỏng (đầu tiên: {first}). Hãy nhập các phiếu đó, hoặc đánh dấu hỏng/mất ở trang Phiếu chưa nhập (F4), để báo cáo tính đủ mọi phiếu đã phát.</translation>
        </message>
        <message>
            <source>A half-keyed form is not saved yet (keyed by {operators}). Finish or clear it on the Key forms page (F2), or it is left out of the bundle.</source>
            <translation>Còn phiếu nhập dở chưa lưu (người nhập: {operators}). Hãy nhập xong hoặc xóa phiếu đó ở trang Nhập phiếu (F2), nếu không phiếu sẽ không có trong gói.</translation>
        </message>
        <message>
            <source>Only {count} counted forms, below the period's target of {target}. The report says so; you may still sign.</source>
            <translation>Mới có {count} phiếu được tính, chưa đạt chỉ tiêu của kỳ ({target} phiếu). Báo cáo sẽ ghi đúng như vậy; vẫn có thể ký.</translation>
        </message>
        <message>
            <source>This period was exported before: this export is version {version}, with {changes} changes listed below. Send it to the same recipient, saying it replaces the earlier version.</source>
            <translation>Kỳ này đã được xuất trước đây: lần này là bản {version}, với {changes} thay đổi liệt kê bên dưới. Hãy gửi cho cùng nơi nhận và ghi rõ bản này thay thế bản trước.</translation>
        </message>
        <message>
            <source>Check “{code}” needs attention.</source>
            <translation>Mục kiểm tra “{code}” cần được xem lại.</translation>
        </message>
        <message>
            <source>Enter the path of the token's PKCS#11 library (installed with the token's software), then press Refresh.</source>
            <translation>Hãy nhập đường dẫn thư viện PKCS#11 của token (được cài cùng phần mềm của token), rồi bấm Làm mới.</translation>
        </message>
        <message>
            <source>Certificate file</source>
            <translation>Tệp chứng thư số</translation>
        </message>
        <message>
            <source>Certificate files (*.p12 *.pfx);;All files (*)</source>
            <translation>Tệp chứng thư số (*.p12 *.pfx);;Mọi tệp (*)</translation>
        </message>
        <message>
            <source>PKCS#11 library of the USB token</source>
            <translation>Thư viện PKCS#11 của USB token</translation>
        </message>
        <message>
            <source>Libraries ({pattern});;All files (*)</source>
            <translation>Thư viện ({pattern});;Mọi tệp (*)</translation>
        </message>
        <message>
            <source>Enter the path of the token's PKCS#11 library first.</source>
            <translation>Hãy nhập đường dẫn thư viện PKCS#11 của token trước.</translation>
        </message>
        <message>
            <source>No USB token found. Plug the token in, wait until its light is steady, then press Refresh.</source>
            <translation>Không thấy USB token nào. Hãy cắm token, đợi đèn sáng ổn định, rồi bấm Làm mới.</translation>
        </message>
        <message>
            <source>This token is locked after too many wrong PINs: ask the signature provider to unlock it.</source>
            <translation>Token này đã bị khóa do nhập sai mã PIN quá số lần: hãy nhờ nhà cung cấp chữ ký số mở khóa.</translation>
        </message>
        <message>
            <source>Careful: one more wrong PIN locks this token. Type the PIN slowly and check it.</source>
            <translation>Cẩn thận: nhập sai mã PIN thêm một lần nữa token sẽ bị khóa. Hãy gõ chậm và kiểm tra kỹ.</translation>
        </message>
        <message>
            <source>A wrong PIN was typed on this token recently; a few more lock it. Check the PIN before signing.</source>
            <translation>Gần đây token này đã bị nhập sai mã PIN; sai thêm vài lần sẽ bị khóa. Hãy kiểm tra mã PIN trước khi ký.</translation>
        </message>
        <message>
            <source>Token ready (serial {serial}). Type its PIN.</source>
            <translation>Token sẵn sàng (số sê-ri {serial}). Hãy nhập mã PIN.</translation>
        </message>
        <message>
            <source>Enter the path of the token's PKCS#11 library.</source>
            <translation>Hãy nhập đường dẫn thư viện PKCS#11 của token.</translation>
        </message>
        <message>
            <source>Choose the USB token (plug it in and press Refresh).</source>
            <translation>Hãy chọn USB token (cắm token rồi bấm Làm mới).</translation>
        </message>
        <message>
            <source>The token “{label}” is locked: ask the signature provider to unlock it.</source>
            <translation>Token “{label}” đã bị khóa: hãy nhờ nhà cung cấp chữ ký số mở khóa.</translation>
        </message>
        <message>
            <source>Type the PIN of the USB token.</source>
            <translation>Hãy nhập mã PIN của USB token.</translation>
        </message>
        <message>
            <source>Choose the certificate file (.p12/.pfx), or create a self-signed one.</source>
            <translation>Hãy chọn tệp chứng thư (.p12/.pfx), hoặc tạo chứng thư tự ký.</translation>
        </message>
        <message>
            <source>Type the password of the certificate file.</source>
            <translation>Hãy nhập mật khẩu của tệp chứng thư.</translation>
        </message>
        <message>
            <source>Choose the folder for the two files.</source>
            <translation>Hãy chọn thư mục lưu hai tệp.</translation>
        </message>
        <message>
            <source>The folder {folder} cannot be created ({reason}). Choose another folder, e.g. in Documents.</source>
            <translation>Không tạo được thư mục {folder} ({reason}). Hãy chọn thư mục khác, ví dụ trong Documents (Tài liệu).</translation>
        </message>
        <message>
            <source>Opening the certificate…</source>
            <translation>Đang mở chứng thư số…</translation>
        </message>
        <message>
            <source>Drawing the report (PDF and XLSX)…</source>
            <translation>Đang lập báo cáo (PDF và XLSX)…</translation>
        </message>
        <message>
            <source>Writing the forms' data and the audit log…</source>
            <translation>Đang ghi dữ liệu phiếu và nhật ký…</translation>
        </message>
        <message>
            <source>Signing and writing the bundle…</source>
            <translation>Đang ký số và ghi gói…</translation>
        </message>
        <message>
            <source>Recording the export and locking the period…</source>
            <translation>Đang ghi lịch sử xuất và khóa kỳ…</translation>
        </message>
        <message>
            <source>Done.</source>
            <translation>Xong.</translation>
        </message>
        <message>
            <source>No file was written.</source>
            <translation>Chưa ghi tệp nào.</translation>
        </message>
        <message>
            <source>Not exported: {reasons}</source>
            <translation>Chưa xuất: {reasons}</translation>
        </message>
        <message>
            <source>Not exported: {file} could not be written ({reason}). Nothing was recorded; choose another folder or free some space, then sign again.</source>
            <translation>Chưa xuất: không ghi được {file} ({reason}). Chưa ghi nhận gì; hãy chọn thư mục khác hoặc giải phóng chỗ trống trên đĩa, rồi ký lại.</translation>
        </message>
        <message>
            <source>Not exported: the program stopped on an unexpected error ({detail}, number {number}). Nothing was recorded. Tell the person who supports the program.</source>
            <translation>Chưa xuất: chương trình gặp lỗi không lường trước ({detail}, số {number}). Chưa ghi nhận gì. Hãy báo người hỗ trợ chương trình.</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>ổ đĩa đã đầy</translation>
        </message>
        <message>
            <source>no permission to write there</source>
            <translation>không có quyền ghi vào đó</translation>
        </message>
        <message>
            <source>the folder or drive is not there any more</source>
            <translation>thư mục hoặc ổ đĩa không còn nữa</translation>
        </message>
        <message>
            <source>✓ {period} signed and exported: version {version}, the period is now locked.</source>
            <translation>✓ Đã ký và xuất {period}: bản {version}. Kỳ này đã được khóa.</translation>
        </message>
        <message>
            <source>SELF-SIGNED certificate of the unit (not issued by a certification authority)</source>
            <translation>chứng thư TỰ KÝ của đơn vị (không do tổ chức chứng thực cấp)</translation>
        </message>
        <message>
            <source>{forms} ({active} counted, {void} voided)</source>
            <translation>{forms} ({active} phiếu tính, {void} phiếu hủy)</translation>
        </message>
        <message>
            <source>Report on the survey of people's and organisations' satisfaction with the service of the {office}, {period}</source>
            <translation>Báo cáo kết quả khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của {office} {period}</translation>
        </message>
        <message>
            <source>the receiving office of the province</source>
            <translation>bộ phận tiếp nhận văn bản của cơ quan cấp trên</translation>
        </message>
        <message>
            <source>1. In iOffice, create a new outgoing document (văn bản đi).
2. Subject (trích yếu): “{subject}”.
3. Main document: the signed report {pdf}.
4. Attachment: the bundle {zip} (the recipient checks it with khaosat verify).
5. Recipient: {recipient}. Send; no paper copy is needed.</source>
            <translation>1. Trong iOffice, tạo văn bản đi mới.
2. Trích yếu: “{subject}”.
3. Văn bản chính: báo cáo đã ký số {pdf}.
4. Tệp đính kèm: gói {zip} (nơi nhận kiểm tra gói bằng khaosat verify).
5. Nơi nhận: {recipient}. Gửi đi; không cần gửi bản giấy.</translation>
        </message>
        <message>
            <source>The certificate is self-signed: tell the recipient its fingerprint above by phone or in iOffice once, so they can check the bundle.</source>
            <translation>Chứng thư này là chứng thư tự ký: hãy báo dấu vân tay ở trên cho nơi nhận một lần (qua điện thoại hoặc iOffice) để họ kiểm tra được gói.</translation>
        </message>
        <message>
            <source>This is version {version}: say in the subject that it replaces version {previous}.</source>
            <translation>Đây là bản {version}: hãy ghi trong trích yếu rằng bản này thay thế bản {previous}.</translation>
        </message>
        <message>
            <source>The folder {folder} is not there any more (moved or deleted?).</source>
            <translation>Thư mục {folder} không còn nữa (đã chuyển đi hoặc bị xóa?).</translation>
        </message>
        <message>
            <source>No file manager opened {folder}: open it by hand.</source>
            <translation>Không mở được thư mục {folder}: hãy mở bằng tay trong File Explorer.</translation>
        </message>
        <message>
            <source>SHA-256 copied.</source>
            <translation>Đã sao chép mã SHA-256.</translation>
        </message>
        <message>
            <source>Double-click a row (or press Enter) to open the folder of its files. Hover the SHA-256 or the certificate to see it whole.</source>
            <translation>Nhấp đúp vào một dòng (hoặc bấm Enter) để mở thư mục chứa các tệp. Đưa chuột lên mã SHA-256 hoặc chứng thư để xem đầy đủ.</translation>
        </message>
        <message>
            <source>Nothing exported yet.</source>
            <translation>Chưa xuất gói nào.</translation>
        </message>
    </context>
    <context>
        <name>ExportHistoryModel</name>
        <message>
            <source>Period</source>
            <translation>Kỳ</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Bản</translation>
        </message>
        <message>
            <source>Signed at</source>
            <translation>Ký lúc</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Tệp</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source>Certificate</source>
            <translation>Chứng thư</translation>
        </message>
        <message>
            <source>Forms</source>
            <translation>Số phiếu</translation>
        </message>
        <message>
            <source>Changes</source>
            <translation>Thay đổi</translation>
        </message>
        <message>
            <source>Exported by</source>
            <translation>Người xuất</translation>
        </message>
        <message>
            <source>{subject} (self-signed)</source>
            <translation>{subject} (tự ký)</translation>
        </message>
        <message>
            <source>{forms} ({void} voided)</source>
            <translation>{forms} ({void} hủy)</translation>
        </message>
        <message>
            <source>SHA-256 of the bundle: {hash}</source>
            <translation>Mã SHA-256 của gói: {hash}</translation>
        </message>
        <message>
            <source>Certificate fingerprint (SHA-256): {fingerprint}</source>
            <translation>Dấu vân tay chứng thư (SHA-256): {fingerprint}</translation>
        </message>
        <message>
            <source>A self-signed certificate of the unit, not issued by a certification authority.</source>
            <translation>Chứng thư tự ký của đơn vị, không do tổ chức chứng thực cấp.</translation>
        </message>
        <message>
            <source>{forms} forms: {active} counted, {void} voided</source>
            <translation>{forms} phiếu: {active} phiếu tính, {void} phiếu hủy</translation>
        </message>
    </context>
    <context>
        <name>FieldsEditor</name>
        <message>
            <source>Key</source>
            <translation>Phím</translation>
        </message>
        <message>
            <source>Name of the field of service</source>
            <translation>Tên lĩnh vực</translation>
        </message>
        <message>
            <source>Code (capitals, no accents)</source>
            <translation>Mã (chữ in, không dấu)</translation>
        </message>
        <message>
            <source>Field {n}: name</source>
            <translation>Lĩnh vực {n}: tên</translation>
        </message>
        <message>
            <source>Field {n}: code</source>
            <translation>Lĩnh vực {n}: mã</translation>
        </message>
    </context>
    <context>
        <name>FormTableModel</name>
        <message>
            <source>Serial</source>
            <translation>Số phiếu</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Lĩnh vực</translation>
        </message>
        <message>
            <source>Keyed by</source>
            <translation>Người nhập</translation>
        </message>
        <message>
            <source>Keyed at</source>
            <translation>Nhập lúc</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Opinion</source>
            <translation>Ý kiến</translation>
        </message>
        <message>
            <source>(blank)</source>
            <translation>(bỏ trống)</translation>
        </message>
        <message>
            <source>(unreadable)</source>
            <translation>(không đọc được)</translation>
        </message>
        <message>
            <source>Void</source>
            <translation>Đã hủy</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>Hợp lệ</translation>
        </message>
        <message>
            <source>Void: {reason}</source>
            <translation>Đã hủy: {reason}</translation>
        </message>
    </context>
    <context>
        <name>FormsPage</name>
        <message>
            <source>Serial number or words of the opinion (accents not needed)</source>
            <translation>Số phiếu hoặc từ trong ý kiến (gõ không dấu cũng được)</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Tìm kiếm</translation>
        </message>
        <message>
            <source>From date</source>
            <translation>Từ ngày</translation>
        </message>
        <message>
            <source>To date</source>
            <translation>Đến ngày</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Lĩnh vực</translation>
        </message>
        <message>
            <source>Keyed by</source>
            <translation>Người nhập</translation>
        </message>
        <message>
            <source>Show void forms too</source>
            <translation>Hiện cả phiếu đã hủy</translation>
        </message>
        <message>
            <source>&amp;Find:</source>
            <translation>&amp;Tìm:</translation>
        </message>
        <message>
            <source>Date from:</source>
            <translation>Từ ngày:</translation>
        </message>
        <message>
            <source>to:</source>
            <translation>đến:</translation>
        </message>
        <message>
            <source>Field:</source>
            <translation>Lĩnh vực:</translation>
        </message>
        <message>
            <source>Keyed by:</source>
            <translation>Người nhập:</translation>
        </message>
        <message>
            <source>Correct form</source>
            <translation>Sửa phiếu</translation>
        </message>
        <message>
            <source>Void form…</source>
            <translation>Hủy phiếu…</translation>
        </message>
        <message>
            <source>Restore form</source>
            <translation>Khôi phục</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>Tìm</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Thời gian</translation>
        </message>
        <message>
            <source>By</source>
            <translation>Người thực hiện</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Thao tác</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Lý do</translation>
        </message>
        <message>
            <source>Changes</source>
            <translation>Thay đổi</translation>
        </message>
        <message>
            <source>dd/mm/yyyy</source>
            <translation>dd/mm/yyyy</translation>
        </message>
        <message>
            <source>Year {year}</source>
            <translation>Năm {year}</translation>
        </message>
        <message>
            <source>All years</source>
            <translation>Tất cả các năm</translation>
        </message>
        <message>
            <source>All</source>
            <translation>Tất cả</translation>
        </message>
        <message>
            <source>(blank)</source>
            <translation>(bỏ trống)</translation>
        </message>
        <message>
            <source>(unreadable)</source>
            <translation>(không đọc được)</translation>
        </message>
        <message>
            <source>“{text}” is not a date: write it as dd/mm/yyyy, e.g. 22/11/2026.</source>
            <translation>«{text}» không phải là ngày: hãy viết theo dạng dd/mm/yyyy, ví dụ 22/11/2026.</translation>
        </message>
        <message>
            <source>The start date is after the end date.</source>
            <translation>Ngày bắt đầu sau ngày kết thúc.</translation>
        </message>
        <message>
            <source>{n} forms ({void} void)</source>
            <translation>{n} phiếu ({void} đã hủy)</translation>
        </message>
        <message>
            <source>{n} forms</source>
            <translation>{n} phiếu</translation>
        </message>
        <message>
            <source>Restore form {serial} before correcting it.</source>
            <translation>Phiếu {serial} đã hủy: khôi phục trước rồi mới sửa.</translation>
        </message>
        <message>
            <source>Form {serial} voided.</source>
            <translation>Đã hủy phiếu {serial}.</translation>
        </message>
        <message>
            <source>Form {serial} is still void: restoring it in an exported period needs a reason.</source>
            <translation>Phiếu {serial} vẫn ở trạng thái hủy: khôi phục phiếu của kỳ đã xuất gói gửi huyện cần ghi lý do.</translation>
        </message>
        <message>
            <source>Form {serial} restored: it is counted again.</source>
            <translation>Đã khôi phục phiếu {serial}: phiếu được tính lại.</translation>
        </message>
        <message>
            <source>Form {serial} of {date}</source>
            <translation>Phiếu {serial} ngày {date}</translation>
        </message>
        <message>
            <source>History of changes: select a form.</source>
            <translation>Lịch sử thay đổi: chọn một phiếu.</translation>
        </message>
        <message>
            <source>History of changes of form {serial}</source>
            <translation>Lịch sử thay đổi của phiếu {serial}</translation>
        </message>
        <message>
            <source>Keyed in</source>
            <translation>Nhập phiếu</translation>
        </message>
        <message>
            <source>Corrected</source>
            <translation>Sửa phiếu</translation>
        </message>
        <message>
            <source>Voided</source>
            <translation>Hủy phiếu</translation>
        </message>
        <message>
            <source>Restored</source>
            <translation>Khôi phục</translation>
        </message>
        <message>
            <source>Imported from a file</source>
            <translation>Nhập từ tệp</translation>
        </message>
        <message>
            <source>blank</source>
            <translation>bỏ trống</translation>
        </message>
        <message>
            <source>unreadable</source>
            <translation>không đọc được</translation>
        </message>
        <message>
            <source>Serial: {a} → {b}</source>
            <translation>Số phiếu: {a} → {b}</translation>
        </message>
        <message>
            <source>Date: {a} → {b}</source>
            <translation>Ngày: {a} → {b}</translation>
        </message>
        <message>
            <source>Field: {a} → {b}</source>
            <translation>Lĩnh vực: {a} → {b}</translation>
        </message>
        <message>
            <source>{question}: {a} → {b}</source>
            <translation>{question}: {a} → {b}</translation>
        </message>
        <message>
            <source>Opinion: “{a}” → “{b}”</source>
            <translation>Ý kiến: «{a}» → «{b}»</translation>
        </message>
    </context>
    <context>
        <name>HelpDialog</name>
        <message>
            <source>Keys for keying forms</source>
            <translation>Các phím khi nhập phiếu</translation>
        </message>
        <message>
            <source>Accept the serial, then the date</source>
            <translation>Nhận số phiếu, rồi nhận ngày</translation>
        </message>
        <message>
            <source>Pick the answer and go to the next question</source>
            <translation>Chọn câu trả lời và sang câu tiếp theo</translation>
        </message>
        <message>
            <source>Left blank on the form</source>
            <translation>Trên phiếu để trống</translation>
        </message>
        <message>
            <source>Unreadable, or several boxes marked</source>
            <translation>Không đọc được, hoặc đánh dấu nhiều ô</translation>
        </message>
        <message>
            <source>Clear the answer; on an empty question go back one</source>
            <translation>Xóa câu trả lời; ở câu chưa nhập thì lùi về câu trước</translation>
        </message>
        <message>
            <source>Previous question</source>
            <translation>Câu trước</translation>
        </message>
        <message>
            <source>Next question</source>
            <translation>Câu sau</translation>
        </message>
        <message>
            <source>Enter on the opinion</source>
            <translation>Enter ở ô Ý kiến</translation>
        </message>
        <message>
            <source>Save the form and open the next one</source>
            <translation>Lưu phiếu và mở phiếu tiếp theo</translation>
        </message>
        <message>
            <source>Save the form from anywhere</source>
            <translation>Lưu phiếu từ bất kỳ ô nào</translation>
        </message>
        <message>
            <source>Clear the form (asks first); while correcting: stop</source>
            <translation>Xóa phiếu đang nhập (có hỏi lại); khi đang sửa: thôi sửa</translation>
        </message>
        <message>
            <source>Key forms</source>
            <translation>Nhập phiếu</translation>
        </message>
        <message>
            <source>List of forms</source>
            <translation>Danh sách phiếu</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Cài đặt</translation>
        </message>
        <message>
            <source>This help</source>
            <translation>Bảng hướng dẫn này</translation>
        </message>
        <message>
            <source>Numeric keypad digits work the same. Unikey may stay on: answers take digits only.</source>
            <translation>Các phím số ở bàn phím số bên phải dùng như nhau. Không cần tắt Unikey: phần trả lời chỉ nhận chữ số.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <source>the serial is empty</source>
            <translation>số phiếu để trống</translation>
        </message>
        <message>
            <source>the serial “{text}” is not a number (digits only, e.g. 0124)</source>
            <translation>số phiếu “{text}” không phải là số (chỉ gồm chữ số, vd. 0124)</translation>
        </message>
        <message>
            <source>the serial must be from 1 to {max}</source>
            <translation>số phiếu phải từ 1 đến {max}</translation>
        </message>
        <message>
            <source>the survey date is empty</source>
            <translation>ngày khảo sát để trống</translation>
        </message>
        <message>
            <source>the date “{text}” is not a date; write day/month/year, e.g. 22/11/2026</source>
            <translation>ngày “{text}” sai dạng; hãy ghi ngày/tháng/năm, vd. 22/11/2026</translation>
        </message>
        <message>
            <source>the date {text} does not exist</source>
            <translation>ngày {text} không hợp lệ</translation>
        </message>
        <message>
            <source>the date {date} is in the future (today is {today})</source>
            <translation>ngày {date} chưa tới (hôm nay là {today})</translation>
        </message>
        <message>
            <source>the date {date} is not in the working year {year}</source>
            <translation>ngày {date} không thuộc năm làm việc {year}</translation>
        </message>
        <message>
            <source>the questionnaire “{text}” is not in the program; load the district's questionnaire file in Settings first</source>
            <translation>mẫu phiếu “{text}” chưa có trong chương trình; hãy nạp tệp mẫu phiếu của cấp trên trong Cài đặt trước</translation>
        </message>
        <message>
            <source>the field of service is empty; write its code, 0 if blank on the form, 9 if unreadable</source>
            <translation>lĩnh vực để trống; ghi mã lĩnh vực, 0 nếu phiếu bỏ trống, 9 nếu không đọc được</translation>
        </message>
        <message>
            <source>the field code “{code}” is not in the unit's settings (known: {allowed})</source>
            <translation>mã lĩnh vực “{code}” không có trong cài đặt của đơn vị (có: {allowed})</translation>
        </message>
        <message>
            <source>question {code} is empty; write 0 if it was left blank on the form, 9 if unreadable</source>
            <translation>câu {code} để trống; ghi 0 nếu phiếu bỏ trống câu này, 9 nếu không đọc được</translation>
        </message>
        <message>
            <source>question {code}: “{text}” is not an answer code (one digit)</source>
            <translation>câu {code}: “{text}” không phải mã trả lời (một chữ số)</translation>
        </message>
        <message>
            <source>question {code}: there is no answer {answer} (only 1 to {max}, 0 blank, 9 unreadable)</source>
            <translation>câu {code}: không có mã {answer} (chỉ 1 đến {max}, 0 bỏ trống, 9 không đọc được)</translation>
        </message>
        <message>
            <source>answers in columns {codes}, but questionnaire {questionnaire} has no such questions</source>
            <translation>có trả lời ở cột {codes} nhưng mẫu phiếu {questionnaire} không có các câu này</translation>
        </message>
        <message>
            <source>the opinion has {length} characters, more than the {max} allowed</source>
            <translation>ý kiến dài {length} ký tự, quá {max} ký tự cho phép</translation>
        </message>
        <message>
            <source>the status “{text}” is not valid (only active or void)</source>
            <translation>trạng thái “{text}” không hợp lệ (chỉ active hoặc void)</translation>
        </message>
        <message>
            <source>serial {serial} is in the file more than once (also row {rows})</source>
            <translation>số phiếu {serial} có nhiều lần trong tệp (cả ở dòng {rows})</translation>
        </message>
        <message>
            <source>serial {serial} is already stored (keyed {keyed_at} by {operator})</source>
            <translation>số phiếu {serial} đã có trong dữ liệu (nhập lúc {keyed_at}, {operator})</translation>
        </message>
        <message>
            <source>{period} has been exported in the bundle sent to the district (version {version}): it cannot be imported from a file; key these forms by hand, each with a reason</source>
            <translation>{period} đã xuất gói gửi huyện (bản {version}), không nhập từ tệp được; hãy nhập tay từng phiếu với lý do</translation>
        </message>
        <message>
            <source>The file is empty: it has no row of column names.</source>
            <translation>Tệp trống, không có dòng tên cột.</translation>
        </message>
        <message>
            <source>The file has only the row of column names and no forms.</source>
            <translation>Tệp chỉ có dòng tên cột, không có phiếu nào.</translation>
        </message>
        <message>
            <source>The first row of the file has no column names.</source>
            <translation>Dòng đầu của tệp không có tên cột nào.</translation>
        </message>
        <message>
            <source>Required columns are missing: {columns}. The first row must hold the column names as “export data” writes them (serial, date, field, …).</source>
            <translation>Thiếu cột bắt buộc {columns}: dòng đầu phải là tên cột như tệp xuất dữ liệu (serial, date, field, …).</translation>
        </message>
        <message>
            <source>Columns not recognised: {columns}. Use the column names “export data” writes (serial, date, field, the question codes, opinion, status, operator, keyed_at, questionnaire).</source>
            <translation>Không nhận ra cột {columns}: chỉ dùng tên cột như tệp xuất dữ liệu (serial, date, field, mã các câu hỏi, opinion, status, operator, keyed_at, questionnaire).</translation>
        </message>
        <message>
            <source>Columns {columns} appear twice; delete the extra column.</source>
            <translation>Cột {columns} có hai lần; hãy xóa cột thừa.</translation>
        </message>
        <message>
            <source>Columns of questionnaire {questionnaire} are missing: {columns}.</source>
            <translation>Thiếu cột các câu của mẫu phiếu {questionnaire}: {columns}.</translation>
        </message>
        <message>
            <source>The file is UTF-16 (Excel's “Unicode Text”); save it again as “CSV UTF-8 (comma delimited)”.</source>
            <translation>Tệp ở dạng UTF-16 (“Văn bản Unicode” của Excel); hãy lưu lại dạng “CSV UTF-8 (phân cách bằng dấu phẩy)”.</translation>
        </message>
        <message>
            <source>The file has a NUL character on line {line}: it is not a text CSV file (if it is an Excel file, name it .xlsx).</source>
            <translation>Tệp có ký tự NUL ở dòng {line}: không phải tệp CSV dạng văn bản (nếu là tệp Excel, hãy đặt đuôi .xlsx).</translation>
        </message>
        <message>
            <source>The file mixes two encodings (UTF-8 and another), wrong from line {line}; it is not read, so no Vietnamese letter is stored garbled. Open it in Excel and save it again as “CSV UTF-8”.</source>
            <translation>Tệp lẫn hai bảng mã (UTF-8 và bảng mã khác), sai từ dòng {line}; không đọc để tránh ghi sai dấu tiếng Việt. Hãy mở tệp bằng Excel và lưu lại dạng “CSV UTF-8”.</translation>
        </message>
        <message>
            <source>The file's encoding cannot be read (line {line}); save it again as “CSV UTF-8”.</source>
            <translation>Không đọc được bảng mã của tệp (dòng {line}); hãy lưu lại dạng “CSV UTF-8”.</translation>
        </message>
        <message>
            <source>The CSV file is damaged on line {line} ({detail}).</source>
            <translation>Tệp CSV hỏng ở dòng {line} ({detail}).</translation>
        </message>
        <message>
            <source>The file has more than {max} forms, more than one import takes; split it into smaller files.</source>
            <translation>Tệp có hơn {max} phiếu, quá giới hạn một lần nhập; hãy chia thành nhiều tệp nhỏ hơn.</translation>
        </message>
        <message>
            <source>The file is too large ({size_mb} MB; at most {max_mb} MB).</source>
            <translation>Tệp quá lớn ({size_mb} MB; tối đa {max_mb} MB).</translation>
        </message>
        <message>
            <source>The file is named .xlsx but is not an Excel file: it is damaged or wrongly named.</source>
            <translation>Tệp có đuôi .xlsx nhưng không phải tệp Excel: tệp hỏng hoặc đặt sai đuôi.</translation>
        </message>
        <message>
            <source>The Excel file cannot be read ({detail}); open it in Excel and save it again.</source>
            <translation>Không đọc được tệp Excel ({detail}); hãy mở bằng Excel và lưu lại.</translation>
        </message>
        <message>
            <source>An .xls file (Excel 97–2003) cannot be imported; open it in Excel and save it as .xlsx.</source>
            <translation>Tệp .xls (Excel 97–2003) không nhập được; hãy mở bằng Excel và lưu dạng .xlsx.</translation>
        </message>
        <message>
            <source>Only .csv and .xlsx files can be imported (this one ends in “{suffix}”).</source>
            <translation>Chỉ nhập được tệp .csv hoặc .xlsx (tệp này có đuôi “{suffix}”).</translation>
        </message>
        <message>
            <source>The file cannot be read: {detail}.</source>
            <translation>Không đọc được tệp: {detail}.</translation>
        </message>
        <message>
            <source>{bad} rows have errors, so nothing was imported.</source>
            <translation>Có {bad} dòng lỗi nên chưa nhập gì.</translation>
        </message>
        <message>
            <source>No row can be imported.</source>
            <translation>Không có dòng nào nhập được.</translation>
        </message>
        <message>
            <source>Serial {serial} was stored by another program while importing; nothing was imported. Choose the file again.</source>
            <translation>Số phiếu {serial} vừa được nhập ở chương trình khác trong lúc nhập tệp; chưa nhập gì. Hãy chọn lại tệp.</translation>
        </message>
        <message>
            <source>The backup before importing failed ({reason}; folder {folder}); nothing was imported.</source>
            <translation>Không sao lưu được trước khi nhập ({reason}; thư mục {folder}); chưa nhập gì.</translation>
        </message>
        <message>
            <source>{period} was exported in the bundle sent to the district (version {version}) while importing; nothing was imported. Choose the file again: forms of that period are keyed by hand, each with a reason.</source>
            <translation>{period} vừa được xuất gói gửi huyện (bản {version}) trong lúc nhập tệp; chưa nhập gì. Hãy chọn lại tệp: các phiếu của kỳ này phải nhập tay từng phiếu với lý do.</translation>
        </message>
        <message>
            <source>Row {row} no longer fits the settings; nothing was imported. Choose the file again.</source>
            <translation>Dòng {row} không còn hợp lệ với cài đặt hiện tại; chưa nhập gì. Hãy chọn lại tệp.</translation>
        </message>
        <message>
            <source>Not accepted (code {code})</source>
            <translation>Không nhận được (mã {code})</translation>
        </message>
        <message>
            <source>Import forms from a file</source>
            <translation>Nhập phiếu từ tệp</translation>
        </message>
        <message>
            <source>A CSV or Excel (.xlsx) file laid out as “export data” writes it: the first row holds the column names, then one row per form. The file is checked first; nothing is written until you choose to import.</source>
            <translation>Tệp CSV hoặc Excel (.xlsx) cùng dạng tệp “xuất dữ liệu”: dòng đầu là tên cột, sau đó mỗi dòng một phiếu. Tệp được kiểm tra trước; chưa ghi gì cho đến khi anh/chị chọn nhập.</translation>
        </message>
        <message>
            <source>No file chosen</source>
            <translation>Chưa chọn tệp</translation>
        </message>
        <message>
            <source>&amp;Choose file…</source>
            <translation>&amp;Chọn tệp…</translation>
        </message>
        <message>
            <source>&amp;File:</source>
            <translation>&amp;Tệp:</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>Dòng</translation>
        </message>
        <message>
            <source>Why it is refused</source>
            <translation>Lý do không nhận</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Dừng</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Choose the file to import</source>
            <translation>Chọn tệp cần nhập</translation>
        </message>
        <message>
            <source>Forms data (*.csv *.xlsx);;All files (*)</source>
            <translation>Dữ liệu phiếu (*.csv *.xlsx);;Mọi tệp (*)</translation>
        </message>
        <message>
            <source>Checking {name}…</source>
            <translation>Đang kiểm tra {name}…</translation>
        </message>
        <message>
            <source>Checking was stopped; choose the file again.</source>
            <translation>Đã dừng kiểm tra; hãy chọn lại tệp.</translation>
        </message>
        <message>
            <source>{name} cannot be imported.</source>
            <translation>Không nhập được tệp {name}.</translation>
        </message>
        <message>
            <source>{name}: {rows} rows; {good} can be imported, {bad} have errors.</source>
            <translation>{name}: {rows} dòng phiếu; {good} dòng nhập được, {bad} dòng lỗi.</translation>
        </message>
        <message>
            <source>The file is not UTF-8: it was read as Windows-1258 (what Excel writes on a Vietnamese Windows). Check the Vietnamese letters of the opinions after importing.</source>
            <translation>Tệp không phải UTF-8: đã đọc theo bảng mã Windows-1258 (Excel trên Windows tiếng Việt ghi như vậy). Hãy kiểm tra dấu tiếng Việt của các ý kiến sau khi nhập.</translation>
        </message>
        <message>
            <source>&amp;Import {count} forms</source>
            <translation>&amp;Nhập {count} phiếu</translation>
        </message>
        <message>
            <source>&amp;Import {good} good rows, skip {bad} bad rows</source>
            <translation>&amp;Nhập {good} dòng đúng, bỏ qua {bad} dòng lỗi</translation>
        </message>
        <message>
            <source>Rows with errors are listed below. Correct the file and choose it again, or import only the good rows.</source>
            <translation>Các dòng lỗi được liệt kê dưới đây. Hãy sửa tệp rồi chọn lại, hoặc chỉ nhập các dòng đúng.</translation>
        </message>
        <message>
            <source>No row can be imported: correct the file and choose it again.</source>
            <translation>Không có dòng nào nhập được: hãy sửa tệp rồi chọn lại.</translation>
        </message>
        <message>
            <source>The import was stopped; nothing was imported.</source>
            <translation>Đã dừng nhập; chưa nhập phiếu nào.</translation>
        </message>
        <message>
            <source>Imported {count} forms (a backup was made first).</source>
            <translation>Đã nhập {count} phiếu (đã sao lưu dữ liệu trước khi nhập).</translation>
        </message>
        <message>
            <source>{skipped} rows with errors were skipped.</source>
            <translation>Bỏ qua {skipped} dòng lỗi.</translation>
        </message>
        <message>
            <source>Reading the file…</source>
            <translation>Đang đọc tệp…</translation>
        </message>
        <message>
            <source>Checking rows: %v of %m</source>
            <translation>Đang kiểm tra: %v / %m dòng</translation>
        </message>
        <message>
            <source>Making a backup…</source>
            <translation>Đang sao lưu…</translation>
        </message>
        <message>
            <source>Importing: %v of %m</source>
            <translation>Đang nhập: %v / %m phiếu</translation>
        </message>
    </context>
    <context>
        <name>IssuanceText</name>
        <message>
            <source>torn or spoiled</source>
            <translation>rách, hỏng</translation>
        </message>
        <message>
            <source>lost</source>
            <translation>bị mất</translation>
        </message>
        <message>
            <source>other reason</source>
            <translation>lý do khác</translation>
        </message>
        <message>
            <source>Serial {serial} was never printed: check the paper; if right, press Enter again</source>
            <translation>Số {serial} chưa từng in: xem lại số trên phiếu; đúng thì nhấn Enter lần nữa</translation>
        </message>
        <message>
            <source>Serial {serial} was marked {kind} ({date}); if this is that paper, press Enter again</source>
            <translation>Số {serial} đã đánh dấu {kind} ({date}); đúng tờ đó thì nhấn Enter lần nữa</translation>
        </message>
        <message>
            <source>Print between 1 and {max} forms at a time.</source>
            <translation>Mỗi lần in từ 1 đến {max} phiếu.</translation>
        </message>
        <message>
            <source>Type the first serial to print.</source>
            <translation>Hãy gõ số phiếu đầu tiên cần in.</translation>
        </message>
        <message>
            <source>Serials cannot go above {max}: print fewer forms or start lower.</source>
            <translation>Số phiếu không được vượt quá {max}: hãy in ít phiếu hơn hoặc bắt đầu từ số nhỏ hơn.</translation>
        </message>
        <message>
            <source>Serials {range} were already printed on {date} (batch {batch}, by {operator}). Two papers with one number could not both be keyed: start at the suggested serial.</source>
            <translation>Số {range} đã được in ngày {date} (đợt in {batch}, người in {operator}). Hai tờ phiếu cùng một số thì không nhập được cả hai: hãy bắt đầu từ số gợi ý.</translation>
        </message>
        <message>
            <source>{count} serials in this range are already keyed this year ({serials}): start at the suggested serial.</source>
            <translation>{count} số trong dải này đã được nhập phiếu năm nay ({serials}): hãy bắt đầu từ số gợi ý.</translation>
        </message>
        <message>
            <source>Serial {serial} was never printed, so it cannot be marked spoiled.</source>
            <translation>Số {serial} chưa từng được in nên không đánh dấu hỏng được.</translation>
        </message>
        <message>
            <source>Form {serial} is already keyed: void it in the list of forms instead.</source>
            <translation>Phiếu {serial} đã được nhập: nếu phiếu không dùng được, hãy hủy phiếu trong Danh sách phiếu.</translation>
        </message>
        <message>
            <source>Serial {serial} is already marked spoiled or lost.</source>
            <translation>Số {serial} đã được đánh dấu hỏng hoặc mất rồi.</translation>
        </message>
        <message>
            <source>Write the reason when choosing “other reason”.</source>
            <translation>Khi chọn “lý do khác”, hãy ghi rõ lý do.</translation>
        </message>
        <message>
            <source>The reason is longer than {max} characters.</source>
            <translation>Lý do dài quá {max} ký tự.</translation>
        </message>
        <message>
            <source>Choose a serial in the list first.</source>
            <translation>Hãy chọn một số phiếu trong danh sách trước.</translation>
        </message>
        <message>
            <source>This cannot be done (code {code}).</source>
            <translation>Không thực hiện được (mã {code}).</translation>
        </message>
    </context>
    <context>
        <name>KeyingPage</name>
        <message>
            <source>Serial</source>
            <translation>Số phiếu</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Other opinion</source>
            <translation>Ý kiến khác</translation>
        </message>
        <message>
            <source>Save form</source>
            <translation>Lưu phiếu</translation>
        </message>
        <message>
            <source>Clear form</source>
            <translation>Xóa phiếu</translation>
        </message>
        <message>
            <source>A form was left half keyed: serial {serial}, {done}/{total} questions, saved at {time} on {date}. Continue keying this form?</source>
            <translation>Có một phiếu đang nhập dở: số {serial}, {done}/{total} câu, lưu lúc {time} ngày {date}. Nhập tiếp phiếu này?</translation>
        </message>
        <message>
            <source>Form left half keyed</source>
            <translation>Phiếu đang nhập dở</translation>
        </message>
        <message>
            <source>Continue this form</source>
            <translation>Nhập tiếp phiếu này</translation>
        </message>
        <message>
            <source>Discard it</source>
            <translation>Bỏ phiếu này</translation>
        </message>
        <message>
            <source>{period} was already sent to the district: saving will ask a reason</source>
            <translation>{period} đã xuất gói gửi huyện: khi lưu phiếu sẽ cần ghi lý do</translation>
        </message>
        <message>
            <source>Form {serial} of {date}</source>
            <translation>Phiếu {serial} ngày {date}</translation>
        </message>
        <message>
            <source>Not saved: a form of an exported period needs a reason. Ctrl+S to save it with one.</source>
            <translation>Chưa lưu: phiếu của kỳ đã xuất gói gửi huyện cần ghi lý do. Bấm Ctrl+S để lưu và ghi lý do.</translation>
        </message>
        <message>
            <source>✓ Saved form {serial}</source>
            <translation>✓ Đã lưu phiếu {serial}</translation>
        </message>
        <message>
            <source>✓ Corrected form {serial}</source>
            <translation>✓ Đã sửa phiếu {serial}</translation>
        </message>
        <message>
            <source>Stop correcting</source>
            <translation>Thôi sửa phiếu</translation>
        </message>
        <message>
            <source>Drop the changes made to form {serial}?</source>
            <translation>Bỏ các thay đổi vừa sửa ở phiếu {serial}?</translation>
        </message>
        <message>
            <source>Drop the changes</source>
            <translation>Bỏ thay đổi</translation>
        </message>
        <message>
            <source>Keep correcting</source>
            <translation>Sửa tiếp</translation>
        </message>
        <message>
            <source>Clear the form</source>
            <translation>Xóa phiếu</translation>
        </message>
        <message>
            <source>Clear this form and everything keyed on it?</source>
            <translation>Xóa phiếu này và mọi câu đã nhập?</translation>
        </message>
        <message>
            <source>Keep keying</source>
            <translation>Nhập tiếp</translation>
        </message>
        <message>
            <source>Correcting form {serial} — Esc to stop</source>
            <translation>Đang sửa phiếu {serial} — Esc để thôi</translation>
        </message>
        <message>
            <source>Serial number printed on the form</source>
            <translation>Số phiếu in trên phiếu</translation>
        </message>
        <message>
            <source>Type the serial · Enter accepts · F1 keys · Esc clears the form</source>
            <translation>Gõ số phiếu · Enter nhận · F1 xem các phím · Esc xóa phiếu</translation>
        </message>
        <message>
            <source>Date of the survey</source>
            <translation>Ngày khảo sát</translation>
        </message>
        <message>
            <source>ddmmyy, ddmmyyyy or dd/mm/yyyy · Enter accepts · ⇧Tab back to the serial</source>
            <translation>ddmmyy, ddmmyyyy hoặc dd/mm/yyyy · Enter nhận · ⇧Tab về số phiếu</translation>
        </message>
        <message>
            <source>Type the opinion as written, if any · Enter saves the form · ⌫ on empty: back to the last question</source>
            <translation>Gõ ý kiến đúng như trên phiếu (nếu có) · Enter lưu phiếu · ⌫ khi ô trống: về câu trước</translation>
        </message>
        <message>
            <source>1–{max} choose · 0 blank · 9 unreadable · ⌫ back · Enter saves</source>
            <translation>1–{max} chọn · 0 bỏ trống · 9 không đọc được · ⌫ lùi · Enter lưu</translation>
        </message>
    </context>
    <context>
        <name>LockReasonDialog</name>
        <message>
            <source>year {year}</source>
            <translation>năm {year}</translation>
        </message>
        <message>
            <source>quarter {roman} of {year}</source>
            <translation>quý {roman} năm {year}</translation>
        </message>
        <message>
            <source>{period} has been exported in the bundle sent to the district (version {version}, {date}).</source>
            <translation>{period} đã xuất gói gửi huyện (bản {version}, ngày {date}).</translation>
        </message>
        <message>
            <source>Restoring a form of this period needs a reason; the next export will be version {next} with the list of changes.</source>
            <translation>Khôi phục phiếu của kỳ này cần ghi lý do; lần xuất sau sẽ là bản {next} kèm danh sách thay đổi.</translation>
        </message>
        <message>
            <source>The reason is recorded; the next export will be version {next} with the list of changes.</source>
            <translation>Lý do hủy được ghi lại; lần xuất sau sẽ là bản {next} kèm danh sách thay đổi.</translation>
        </message>
        <message>
            <source>Adding or correcting a form of this period needs a reason; the next export will be version {next} with the list of changes.</source>
            <translation>Sửa/thêm phiếu của kỳ này cần ghi lý do; lần xuất sau sẽ là bản {next} kèm danh sách thay đổi.</translation>
        </message>
        <message>
            <source>Period already exported</source>
            <translation>Kỳ đã xuất gói gửi huyện</translation>
        </message>
        <message>
            <source>&amp;Reason (required):</source>
            <translation>&amp;Lý do (bắt buộc):</translation>
        </message>
        <message>
            <source>e.g. voided by mistake</source>
            <translation>vd. hủy nhầm phiếu</translation>
        </message>
        <message>
            <source>Restore with this reason</source>
            <translation>Khôi phục với lý do này</translation>
        </message>
        <message>
            <source>Do not restore</source>
            <translation>Không khôi phục</translation>
        </message>
        <message>
            <source>Enter restores · Esc goes back, nothing changed</source>
            <translation>Enter: khôi phục · Esc: quay lại, không thay đổi gì</translation>
        </message>
        <message>
            <source>e.g. keyed wrongly: question 3 is 5 on the paper form</source>
            <translation>vd. nhập nhầm: câu 3 trên phiếu giấy là 5</translation>
        </message>
        <message>
            <source>Save with this reason</source>
            <translation>Lưu với lý do này</translation>
        </message>
        <message>
            <source>Do not save</source>
            <translation>Không lưu</translation>
        </message>
        <message>
            <source>Enter saves · Esc goes back to the form, nothing saved</source>
            <translation>Enter: lưu · Esc: quay lại phiếu, chưa lưu</translation>
        </message>
        <message>
            <source>Write the reason: it is recorded with the change.</source>
            <translation>Hãy ghi lý do: lý do được lưu cùng thay đổi.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>SAMPLE DATA — not a real unit</source>
            <translation>DỮ LIỆU MẪU — không phải số liệu thật</translation>
        </message>
        <message>
            <source>Key forms</source>
            <translation>Nhập phiếu</translation>
        </message>
        <message>
            <source>List of forms</source>
            <translation>Danh sách phiếu</translation>
        </message>
        <message>
            <source>Forms not keyed</source>
            <translation>Phiếu chưa nhập</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>Báo cáo</translation>
        </message>
        <message>
            <source>Print blank forms</source>
            <translation>In phiếu trắng</translation>
        </message>
        <message>
            <source>Import forms from a file…</source>
            <translation>Nhập phiếu từ tệp…</translation>
        </message>
        <message>
            <source>Export the signed bundle for iOffice…</source>
            <translation>Xuất gói ký số gửi iOffice…</translation>
        </message>
        <message>
            <source>Verify a received bundle…</source>
            <translation>Kiểm tra gói nhận được…</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>Sao lưu ngay</translation>
        </message>
        <message>
            <source>Restore from a backup…</source>
            <translation>Khôi phục từ bản sao lưu…</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Cài đặt</translation>
        </message>
        <message>
            <source>Keys help</source>
            <translation>Hướng dẫn phím</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Thoát</translation>
        </message>
        <message>
            <source>Commands</source>
            <translation>Lệnh</translation>
        </message>
        <message>
            <source>&amp;Data</source>
            <translation>&amp;Dữ liệu</translation>
        </message>
        <message>
            <source>khaosat · {unit} · year {year}</source>
            <translation>khaosat · {unit} · năm {year}</translation>
        </message>
        <message>
            <source> · SAMPLE DATA</source>
            <translation> · DỮ LIỆU MẪU</translation>
        </message>
        <message>
            <source>Keyed by: {name}</source>
            <translation>Người nhập: {name}</translation>
        </message>
        <message>
            <source>Last backup: {when}</source>
            <translation>Sao lưu lần cuối: {when}</translation>
        </message>
        <message>
            <source>Last backup: none yet (Ctrl+B)</source>
            <translation>Chưa sao lưu lần nào (Ctrl+B)</translation>
        </message>
    </context>
    <context>
        <name>Messages</name>
        <message>
            <source>Question {number}</source>
            <translation>Câu {number}</translation>
        </message>
        <message>
            <source>Type the serial number printed on the form</source>
            <translation>Hãy gõ số phiếu in trên phiếu</translation>
        </message>
        <message>
            <source>The serial “{text}” is not a number: type digits only</source>
            <translation>Số phiếu “{text}” không phải là số: chỉ gõ chữ số</translation>
        </message>
        <message>
            <source>The serial must be between 1 and {max}</source>
            <translation>Số phiếu phải từ 1 đến {max}</translation>
        </message>
        <message>
            <source>Form {serial} was already keyed at {time} on {date} (by {operator})</source>
            <translation>Phiếu số {serial} đã nhập lúc {time} ngày {date} (người nhập: {operator})</translation>
        </message>
        <message>
            <source>Form {serial} was already keyed</source>
            <translation>Phiếu số {serial} đã được nhập</translation>
        </message>
        <message>
            <source>(voided form)</source>
            <translation>(phiếu đã hủy)</translation>
        </message>
        <message>
            <source>Type the survey date</source>
            <translation>Hãy gõ ngày khảo sát</translation>
        </message>
        <message>
            <source>“{text}” is not a date: type ddmmyy, ddmmyyyy or dd/mm/yyyy</source>
            <translation>“{text}” không phải là ngày: gõ ddmmyy, ddmmyyyy hoặc dd/mm/yyyy</translation>
        </message>
        <message>
            <source>“{text}” is not a real date</source>
            <translation>Không có ngày “{text}”</translation>
        </message>
        <message>
            <source>The date {date} is in the future (today is {today})</source>
            <translation>Ngày {date} chưa đến (hôm nay là {today})</translation>
        </message>
        <message>
            <source>The date {date} is not in the working year {year}</source>
            <translation>Ngày {date} không thuộc năm đang nhập {year}</translation>
        </message>
        <message>
            <source>{question} has no answer: press 0 if it is blank on the form</source>
            <translation>{question} chưa nhập: bấm 0 nếu để trống trên phiếu</translation>
        </message>
        <message>
            <source>{question}: press 1–{max}, 0 if blank or 9 if unreadable</source>
            <translation>{question}: chỉ bấm 1–{max}, 0 nếu để trống hoặc 9 nếu không đọc được</translation>
        </message>
        <message>
            <source>Answers are keyed with digits: 1–{max}, 0 if blank, 9 if unreadable</source>
            <translation>Câu trả lời nhập bằng chữ số: 1–{max}, 0 nếu để trống, 9 nếu không đọc được</translation>
        </message>
        <message>
            <source>Answers to questions not on this form: {codes}</source>
            <translation>Có câu trả lời cho câu hỏi không có trong mẫu phiếu: {codes}</translation>
        </message>
        <message>
            <source>The opinion is longer than {max} characters</source>
            <translation>Ý kiến dài quá {max} ký tự</translation>
        </message>
        <message>
            <source>There is no question here</source>
            <translation>Ở đây không có câu hỏi</translation>
        </message>
        <message>
            <source>This cannot be accepted (code {code})</source>
            <translation>Không nhận được giá trị này (mã {code})</translation>
        </message>
    </context>
    <context>
        <name>MissingPage</name>
        <message>
            <source>Serial</source>
            <translation>Số phiếu</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Tình trạng</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <source>Mark spoiled or lost… (Del)</source>
            <translation>Đánh dấu hỏng/mất… (Del)</translation>
        </message>
        <message>
            <source>Put back on the list (Ctrl+Z)</source>
            <translation>Đưa lại vào danh sách (Ctrl+Z)</translation>
        </message>
        <message>
            <source>↑↓ choose · Shift+↑↓ choose several · Del mark spoiled or lost · Ctrl+Z put back · Ctrl+P print more forms · F2 key forms</source>
            <translation>↑↓ chọn · Shift+↑↓ chọn nhiều số · Del đánh dấu hỏng/mất · Ctrl+Z đưa lại · Ctrl+P in thêm phiếu · F2 nhập phiếu</translation>
        </message>
        <message>
            <source>Mark spoiled or lost</source>
            <translation>Đánh dấu hỏng/mất</translation>
        </message>
        <message>
            <source>Put back on the list</source>
            <translation>Đưa lại vào danh sách</translation>
        </message>
        <message>
            <source>Forms not keyed yet — year {year}</source>
            <translation>Phiếu chưa nhập — năm {year}</translation>
        </message>
        <message>
            <source>No numbered forms were printed with this program this year, so there is nothing to compare with. Print forms with Ctrl+P: their serials are then followed here.</source>
            <translation>Năm nay chưa in phiếu đánh số nào bằng chương trình này nên chưa có gì để đối chiếu. Hãy in phiếu bằng Ctrl+P: các số phiếu đã in sẽ được theo dõi ở đây.</translation>
        </message>
        <message>
            <source>Handed out {issued} · keyed {keyed} · spoiled or lost {spoiled} · not keyed yet {missing}</source>
            <translation>Đã phát {issued} · đã nhập {keyed} · hỏng/mất {spoiled} · chưa nhập {missing}</translation>
        </message>
        <message>
            <source> · keyed with a serial never printed: {count}</source>
            <translation> · nhập với số chưa từng in: {count}</translation>
        </message>
        <message>
            <source>Masters for photocopying printed: {count} (no serial, not followed here)</source>
            <translation>Bản gốc để photo đã in: {count} (không có số phiếu, không theo dõi ở đây)</translation>
        </message>
        <message>
            <source>{count} not keyed</source>
            <translation>{count} phiếu chưa nhập</translation>
        </message>
        <message>
            <source>all back ✓</source>
            <translation>đã nhập đủ ✓</translation>
        </message>
        <message>
            <source>printed {date} by {operator}, {count} forms</source>
            <translation>in ngày {date}, người in {operator}, {count} phiếu</translation>
        </message>
        <message>
            <source>not keyed yet</source>
            <translation>chưa nhập</translation>
        </message>
        <message>
            <source>{reason} — marked {date} by {operator}</source>
            <translation>{reason} — đánh dấu ngày {date}, người đánh dấu {operator}</translation>
        </message>
        <message>
            <source>✓ Marked {kind}: {serials}</source>
            <translation>✓ Đã đánh dấu {kind}: {serials}</translation>
        </message>
        <message>
            <source>Choose a serial marked spoiled or lost first.</source>
            <translation>Hãy chọn một số đã đánh dấu hỏng/mất trước.</translation>
        </message>
        <message>
            <source>The paper of {serials} turned up? Put it back on the list of forms not keyed yet.</source>
            <translation>Đã tìm thấy tờ phiếu số {serials}? Đưa lại vào danh sách phiếu chưa nhập.</translation>
        </message>
        <message>
            <source>Put back</source>
            <translation>Đưa lại</translation>
        </message>
        <message>
            <source>Keep it marked</source>
            <translation>Giữ đánh dấu</translation>
        </message>
        <message>
            <source>✓ Back on the list: {serials}</source>
            <translation>✓ Đã đưa lại vào danh sách: {serials}</translation>
        </message>
        <message>
            <source>Nothing changed.</source>
            <translation>Không có gì thay đổi.</translation>
        </message>
    </context>
    <context>
        <name>OperatorDialog</name>
        <message>
            <source>Who is keying</source>
            <translation>Người nhập phiếu</translation>
        </message>
        <message>
            <source>Name of the person keying forms:</source>
            <translation>Họ tên người nhập phiếu:</translation>
        </message>
        <message>
            <source>Start keying</source>
            <translation>Bắt đầu nhập</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Thoát</translation>
        </message>
    </context>
    <context>
        <name>PrintDialog</name>
        <message>
            <source>Print blank forms</source>
            <translation>In phiếu trắng</translation>
        </message>
        <message>
            <source>Year {year}: {issued} numbered forms printed so far, {missing} of them not keyed yet.</source>
            <translation>Năm {year}: đã in {issued} phiếu đánh số, trong đó {missing} phiếu chưa nhập.</translation>
        </message>
        <message>
            <source>Year {year}: no forms printed with this program yet.</source>
            <translation>Năm {year}: chưa in phiếu nào bằng chương trình này.</translation>
        </message>
        <message>
            <source>A quarter's target is the default</source>
            <translation>Mặc định là chỉ tiêu một quý</translation>
        </message>
        <message>
            <source>&amp;Number of forms</source>
            <translation>&amp;Số phiếu cần in</translation>
        </message>
        <message>
            <source>&amp;First serial</source>
            <translation>Số phiếu đầ&amp;u tiên</translation>
        </message>
        <message>
            <source>Suggested: {serial}, after every serial printed or keyed this year</source>
            <translation>Gợi ý: {serial}, ngay sau mọi số đã in hoặc đã nhập năm nay</translation>
        </message>
        <message>
            <source>&amp;Blank serial: one master to photocopy (no numbers, not tracked)</source>
            <translation>&amp;Bản gốc để photo: không in số phiếu, không theo dõi</translation>
        </message>
        <message>
            <source>&amp;Choose…</source>
            <translation>&amp;Chọn…</translation>
        </message>
        <message>
            <source>&amp;Save the PDF as</source>
            <translation>&amp;Lưu tệp PDF</translation>
        </message>
        <message>
            <source>%v of %m forms</source>
            <translation>%v/%m phiếu</translation>
        </message>
        <message>
            <source>&amp;Make the PDF</source>
            <translation>&amp;Tạo tệp PDF</translation>
        </message>
        <message>
            <source>&amp;Open the PDF</source>
            <translation>&amp;Mở tệp PDF</translation>
        </message>
        <message>
            <source>&amp;Print…</source>
            <translation>&amp;In…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>First form, as it will print</source>
            <translation>Phiếu đầu tiên, đúng như khi in</translation>
        </message>
        <message>
            <source>{count} copies of one form without a serial, to photocopy. Photocopies are not tracked: give each a serial by hand before handing it out.</source>
            <translation>{count} bản phiếu không có số, để photo. Bản photo không được theo dõi: hãy ghi số phiếu bằng tay trước khi phát.</translation>
        </message>
        <message>
            <source>Forms {range} will be printed ({count} forms).</source>
            <translation>Sẽ in các phiếu số {range} ({count} phiếu).</translation>
        </message>
        <message>
            <source>Save the PDF as</source>
            <translation>Lưu tệp PDF</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>No preview: {reason}</source>
            <translation>Không xem trước được: {reason}</translation>
        </message>
        <message>
            <source>Choose where to save the PDF.</source>
            <translation>Hãy chọn nơi lưu tệp PDF.</translation>
        </message>
        <message>
            <source>The folder {folder} does not exist: choose another place.</source>
            <translation>Không có thư mục {folder}: hãy chọn nơi khác.</translation>
        </message>
        <message>
            <source>Making the PDF… Esc or Stop cancels; nothing is recorded until the file is complete.</source>
            <translation>Đang tạo tệp PDF… Esc hoặc Dừng để hủy; chưa ghi nhận gì cho đến khi tệp hoàn tất.</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Dừng</translation>
        </message>
        <message>
            <source>Stopped: no file was written and no serial was recorded.</source>
            <translation>Đã dừng: không ghi tệp, không ghi nhận số phiếu nào.</translation>
        </message>
        <message>
            <source>✗ Could not write {file}: {reason}. Nothing was recorded; choose another folder or file name.</source>
            <translation>✗ Không ghi được {file}: {reason}. Chưa ghi nhận gì; hãy chọn thư mục hoặc tên tệp khác.</translation>
        </message>
        <message>
            <source>✓ {count} blank-serial forms saved to {file}.</source>
            <translation>✓ Đã lưu {count} phiếu không số vào {file}.</translation>
        </message>
        <message>
            <source>✓ Forms {range} saved to {file} and recorded as handed out.</source>
            <translation>✓ Đã lưu các phiếu số {range} vào {file} và ghi nhận là đã phát.</translation>
        </message>
        <message>
            <source>No PDF viewer opened the file. It is saved at {file}.</source>
            <translation>Không có chương trình xem PDF nào mở được tệp. Tệp đã lưu tại {file}.</translation>
        </message>
        <message>
            <source>%v of %m pages sent to the printer</source>
            <translation>Đã gửi %v/%m trang tới máy in</translation>
        </message>
        <message>
            <source>✗ The printer could not be opened. Open the PDF and print it from the PDF viewer.</source>
            <translation>✗ Không mở được máy in. Hãy mở tệp PDF và in từ chương trình xem PDF.</translation>
        </message>
        <message>
            <source>✓ {count} pages sent to the printer.</source>
            <translation>✓ Đã gửi {count} trang tới máy in.</translation>
        </message>
    </context>
    <context>
        <name>QuestionnairePicker</name>
        <message>
            <source>Questionnaire</source>
            <translation>Mẫu phiếu</translation>
        </message>
        <message>
            <source>Load the questionnaire issued by the district…</source>
            <translation>Nạp mẫu phiếu của cấp trên…</translation>
        </message>
        <message>
            <source>{name} (version {version})</source>
            <translation>{name} (phiên bản {version})</translation>
        </message>
        <message>
            <source>{ratings} rated items, {profile} questions about the respondent.</source>
            <translation>{ratings} tiêu chí đánh giá, {profile} câu về người trả lời.</translation>
        </message>
        <message>
            <source>Issued by: {who}.</source>
            <translation>Nơi ban hành: {who}.</translation>
        </message>
        <message>
            <source>Loaded from a file; stored when you save.</source>
            <translation>Nạp từ tệp; được lưu khi bấm lưu.</translation>
        </message>
        <message>
            <source>Questionnaire issued by the district</source>
            <translation>Mẫu phiếu do cấp trên ban hành</translation>
        </message>
        <message>
            <source>Questionnaire definition (*.json);;All files (*)</source>
            <translation>Mẫu phiếu (*.json);;Mọi tệp (*)</translation>
        </message>
        <message>
            <source>A different questionnaire with code {id} and version {version} is already in use. Ask the district to give the new form a new version number.</source>
            <translation>Đã có một mẫu phiếu khác cùng mã {id} và phiên bản {version}. Đề nghị cấp trên đặt số phiên bản mới cho mẫu phiếu mới.</translation>
        </message>
        <message>
            <source>This questionnaire is already available and is now chosen: {name}.</source>
            <translation>Mẫu phiếu này đã có sẵn và đã được chọn: {name}.</translation>
        </message>
        <message>
            <source>Loaded “{file}”: {name} (version {version}). It is now chosen.</source>
            <translation>Đã nạp «{file}»: {name} (phiên bản {version}). Mẫu này đã được chọn.</translation>
        </message>
    </context>
    <context>
        <name>QuotaCalculator</name>
        <message>
            <source>Calculator: minimum forms from the year's transactions</source>
            <translation>Tính số phiếu tối thiểu theo số hồ sơ giải quyết trong năm</translation>
        </message>
        <message>
            <source>Transactions per year</source>
            <translation>Số hồ sơ trong năm</translation>
        </message>
        <message>
            <source>Use as yearly target</source>
            <translation>Dùng làm chỉ tiêu năm</translation>
        </message>
        <message>
            <source>Rule: ≤100: all; 101–1.000: 20 % (at least 100); 1.001–5.000: 10 % (at least 200); &gt;5.000: 5 % (at least 500).</source>
            <translation>Quy tắc: ≤100: toàn bộ; 101–1.000: 20 % (ít nhất 100); 1.001–5.000: 10 % (ít nhất 200); &gt;5.000: 5 % (ít nhất 500).</translation>
        </message>
        <message>
            <source>Transactions in a year:</source>
            <translation>Số hồ sơ giải quyết trong năm:</translation>
        </message>
        <message>
            <source>Type the number of transactions of a year to see the minimum.</source>
            <translation>Nhập số hồ sơ giải quyết trong một năm để biết số phiếu tối thiểu.</translation>
        </message>
        <message>
            <source>Minimum: {result} forms (all transactions).</source>
            <translation>Tối thiểu: {result} phiếu (toàn bộ số hồ sơ).</translation>
        </message>
        <message>
            <source>Minimum: {result} forms ({share} % of {n}, at least {floor}).</source>
            <translation>Tối thiểu: {result} phiếu ({share} % của {n}, ít nhất {floor}).</translation>
        </message>
    </context>
    <context>
        <name>ReportPage</name>
        <message>
            <source>Component</source>
            <translation>Yếu tố</translation>
        </message>
        <message>
            <source>Satisfied</source>
            <translation>Hài lòng</translation>
        </message>
        <message>
            <source>Mean</source>
            <translation>Điểm TB</translation>
        </message>
        <message>
            <source>Levels 4+5
/ valid</source>
            <translation>Mức 4+5
/ hợp lệ</translation>
        </message>
        <message>
            <source>Report p&amp;eriod:</source>
            <translation>&amp;Kỳ báo cáo:</translation>
        </message>
        <message>
            <source>Change
(points)</source>
            <translation>So kỳ trước
(điểm)</translation>
        </message>
        <message>
            <source>Field of service</source>
            <translation>Lĩnh vực</translation>
        </message>
        <message>
            <source>Forms</source>
            <translation>Số phiếu</translation>
        </message>
        <message>
            <source>Items with the lowest satisfaction</source>
            <translation>Tiêu chí có tỷ lệ hài lòng thấp nhất</translation>
        </message>
        <message>
            <source>The report</source>
            <translation>Nội dung báo cáo</translation>
        </message>
        <message>
            <source>Report number</source>
            <translation>Số báo cáo</translation>
        </message>
        <message>
            <source>&amp;No.:</source>
            <translation>&amp;Số:</translation>
        </message>
        <message>
            <source>dd/mm/yyyy</source>
            <translation>dd/mm/yyyy</translation>
        </message>
        <message>
            <source>&amp;Date:</source>
            <translation>N&amp;gày:</translation>
        </message>
        <message>
            <source>&amp;Recipients (one per line):</source>
            <translation>Nơi &amp;nhận (mỗi dòng một nơi):</translation>
        </message>
        <message>
            <source>IV. Overall &amp;assessment and proposals (one paragraph per line):</source>
            <translation>IV. Đánh giá chung và đề &amp;xuất (mỗi dòng một đoạn):</translation>
        </message>
        <message>
            <source>Make the report</source>
            <translation>Tạo báo cáo</translation>
        </message>
        <message>
            <source>&amp;Make the report  (Ctrl+Enter)</source>
            <translation>&amp;Tạo báo cáo  (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Save draf&amp;t</source>
            <translation>&amp;Lưu bản nháp</translation>
        </message>
        <message>
            <source>Re&amp;write from the figures</source>
            <translation>&amp;Viết lại từ số liệu</translation>
        </message>
        <message>
            <source>Open the &amp;folder</source>
            <translation>Mở thư &amp;mục</translation>
        </message>
        <message>
            <source>Open the &amp;PDF report</source>
            <translation>Mở báo cáo &amp;PDF</translation>
        </message>
        <message>
            <source>Year {year}</source>
            <translation>Năm {year}</translation>
        </message>
        <message>
            <source>Quarter {roman}, {year}</source>
            <translation>Quý {roman} năm {year}</translation>
        </message>
        <message>
            <source>{start} to {end}</source>
            <translation>Từ {start} đến {end}</translation>
        </message>
        <message>
            <source>due {date}, {days} days left</source>
            <translation>hạn gửi {date}, còn {days} ngày</translation>
        </message>
        <message>
            <source>due today, {date}</source>
            <translation>hạn gửi là hôm nay, {date}</translation>
        </message>
        <message>
            <source>was due {date}</source>
            <translation>hạn gửi {date} đã qua</translation>
        </message>
        <message>
            <source>No forms keyed in this period yet.</source>
            <translation>Chưa có phiếu nào được nhập trong kỳ này.</translation>
        </message>
        <message>
            <source>Key the forms of the period first (F2), then make the report.</source>
            <translation>Hãy nhập các phiếu của kỳ này trước (F2), sau đó tạo báo cáo.</translation>
        </message>
        <message>
            <source>&lt;b&gt;Forms: {forms}&lt;/b&gt; of the period's target {target} ({share})</source>
            <translation>&lt;b&gt;Số phiếu: {forms}&lt;/b&gt; trên chỉ tiêu của kỳ {target} (đạt {share})</translation>
        </message>
        <message>
            <source>voided, not counted: {count}</source>
            <translation>phiếu đã hủy, không tính: {count}</translation>
        </message>
        <message>
            <source>&lt;b&gt;Satisfied overall: {share}&lt;/b&gt; ({counts} valid answers at level 4 or 5) · mean score {mean}</source>
            <translation>&lt;b&gt;Hài lòng chung: {share}&lt;/b&gt; ({counts} câu trả lời hợp lệ ở mức 4 hoặc 5) · điểm trung bình {mean}</translation>
        </message>
        <message>
            <source>Blank answers: {blank} · unreadable: {unreadable} (left out of the shares)</source>
            <translation>Câu bỏ trống: {blank} · không đọc được: {unreadable} (không tính vào tỷ lệ)</translation>
        </message>
        <message>
            <source>Against {previous}: forms {forms}</source>
            <translation>So với {previous}: số phiếu {forms}</translation>
        </message>
        <message>
            <source>satisfied overall {points} points</source>
            <translation>hài lòng chung {points} điểm phần trăm</translation>
        </message>
        <message>
            <source>No forms in the previous period to compare with.</source>
            <translation>Kỳ trước không có phiếu nào để so sánh.</translation>
        </message>
        <message>
            <source>Overall</source>
            <translation>Chung</translation>
        </message>
        <message>
            <source>(field blank)</source>
            <translation>(bỏ trống lĩnh vực)</translation>
        </message>
        <message>
            <source>(field unreadable)</source>
            <translation>(lĩnh vực không đọc được)</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>Cộng</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Tháng</translation>
        </message>
        <message>
            <source>Item {number}. {text}: {share} ({counts})</source>
            <translation>Câu {number}. {text}: {share} ({counts})</translation>
        </message>
        <message>
            <source>“{text}” is not a date: write the report's date as dd/mm/yyyy, e.g. {today}.</source>
            <translation>“{text}” không phải là ngày: hãy gõ ngày của báo cáo theo dạng dd/mm/yyyy, ví dụ {today}.</translation>
        </message>
        <message>
            <source>Draft saved for {period}</source>
            <translation>Đã lưu bản nháp ({period})</translation>
        </message>
        <message>
            <source>Rewrite section IV</source>
            <translation>Viết lại mục IV</translation>
        </message>
        <message>
            <source>Replace the paragraphs of section IV with a new draft from the figures shown? The changes typed there are lost; the number, date and recipients stay.</source>
            <translation>Thay các đoạn của mục IV bằng bản soạn mới từ số liệu đang hiển thị? Những gì đã sửa trong mục IV sẽ mất; số, ngày và nơi nhận vẫn giữ nguyên.</translation>
        </message>
        <message>
            <source>Rewrite</source>
            <translation>Viết lại</translation>
        </message>
        <message>
            <source>Keep my text</source>
            <translation>Giữ nội dung đã sửa</translation>
        </message>
        <message>
            <source>Folder for the report files</source>
            <translation>Thư mục lưu các tệp báo cáo</translation>
        </message>
        <message>
            <source>{period} has no forms yet, so there is nothing to report. Key the forms first (F2) or choose another period.</source>
            <translation>{period} chưa có phiếu nào nên chưa có gì để báo cáo. Hãy nhập phiếu trước (F2) hoặc chọn kỳ khác.</translation>
        </message>
        <message>
            <source>The files cannot be written to the folder {folder} ({reason}). Choose another folder, for example one in Documents.</source>
            <translation>Không ghi được tệp vào thư mục {folder} ({reason}). Hãy chọn thư mục khác, ví dụ một thư mục trong Tài liệu (Documents).</translation>
        </message>
        <message>
            <source>Starting…</source>
            <translation>Đang bắt đầu…</translation>
        </message>
        <message>
            <source>no permission to write there, or the file is open in another program</source>
            <translation>không có quyền ghi vào đó, hoặc tệp đang mở trong chương trình khác</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>ổ đĩa đã đầy</translation>
        </message>
        <message>
            <source>the disk is read-only</source>
            <translation>ổ đĩa chỉ cho phép đọc</translation>
        </message>
        <message>
            <source>the folder does not exist</source>
            <translation>thư mục không tồn tại</translation>
        </message>
        <message>
            <source>Counting the forms…</source>
            <translation>Đang tính số liệu…</translation>
        </message>
        <message>
            <source>Writing the PDF report…</source>
            <translation>Đang viết báo cáo PDF…</translation>
        </message>
        <message>
            <source>Writing the XLSX workbook…</source>
            <translation>Đang viết bảng tính XLSX…</translation>
        </message>
        <message>
            <source>Writing the notice-board page…</source>
            <translation>Đang viết trang niêm yết…</translation>
        </message>
        <message>
            <source>Done.</source>
            <translation>Xong.</translation>
        </message>
        <message>
            <source>The report was not made: {file} could not be written ({reason}). If the file is open in a PDF viewer or Excel, close it and make the report again.</source>
            <translation>Chưa tạo được báo cáo: không ghi được {file} ({reason}). Nếu tệp đang mở trong trình xem PDF hoặc Excel, hãy đóng tệp rồi tạo lại báo cáo.</translation>
        </message>
        <message>
            <source>a file</source>
            <translation>một tệp</translation>
        </message>
        <message>
            <source>The report was not made: the report writer stopped on an unexpected error ({detail}). Tell the person who supports the program.</source>
            <translation>Chưa tạo được báo cáo: phần viết báo cáo dừng vì một lỗi không lường trước ({detail}). Hãy báo cho người hỗ trợ phần mềm.</translation>
        </message>
        <message>
            <source>Files made earlier were left as they were.</source>
            <translation>Các tệp đã tạo trước đây vẫn giữ nguyên.</translation>
        </message>
        <message>
            <source>Made in {folder}:
• {pdf}
• {xlsx}
• {notice}
Read the PDF through before sending it; print the notice page for the public notice board.</source>
            <translation>Đã tạo trong thư mục {folder}:
• {pdf}
• {xlsx}
• {notice}
Hãy đọc lại báo cáo PDF trước khi gửi; in trang niêm yết để dán tại bảng tin công khai.</translation>
        </message>
        <message>
            <source>{path} is no longer there (moved or deleted?). Make the report again.</source>
            <translation>Không còn thấy {path} (đã bị chuyển hoặc xóa?). Hãy tạo lại báo cáo.</translation>
        </message>
        <message>
            <source>No program on this computer opens {path}. Open it from the file manager.</source>
            <translation>Máy này chưa có chương trình mở được {path}. Hãy mở tệp từ thư mục chứa nó.</translation>
        </message>
    </context>
    <context>
        <name>RestoreDialog</name>
        <message>
            <source>Restore from a backup</source>
            <translation>Khôi phục từ bản sao lưu</translation>
        </message>
        <message>
            <source>Restoring puts the data back as it was when the backup was made. The current data is backed up first, so nothing is lost.</source>
            <translation>Khôi phục đưa dữ liệu về đúng như lúc tạo bản sao lưu. Dữ liệu hiện tại được sao lưu trước nên không mất gì.</translation>
        </message>
        <message>
            <source>Made at</source>
            <translation>Tạo lúc</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>Forms</source>
            <translation>Số phiếu</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Dung lượng</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>Kiểm tra</translation>
        </message>
        <message>
            <source>&amp;Restore the selected backup…</source>
            <translation>&amp;Khôi phục bản đã chọn…</translation>
        </message>
        <message>
            <source>Choose another &amp;file…</source>
            <translation>Chọn &amp;tệp khác…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>There is no backup yet. Make one with Ctrl+B.</source>
            <translation>Chưa có bản sao lưu nào. Hãy sao lưu bằng Ctrl+B.</translation>
        </message>
        <message>
            <source>This backup cannot be restored: {why}.</source>
            <translation>Không khôi phục được từ bản này: {why}.</translation>
        </message>
        <message>
            <source>Choose a backup file</source>
            <translation>Chọn tệp sao lưu</translation>
        </message>
        <message>
            <source>khaosat backups (*.sqlite3);;All files (*)</source>
            <translation>Bản sao lưu khaosat (*.sqlite3);;Mọi tệp (*)</translation>
        </message>
        <message>
            <source>Restore the data as it was on {when} ({forms} forms)? Forms keyed or changed after that time will not be in the data you work with; the current data is backed up first and can be restored again.</source>
            <translation>Khôi phục dữ liệu như lúc {when} ({forms} phiếu)? Những phiếu nhập hoặc sửa sau thời điểm đó sẽ không có trong dữ liệu đang dùng; dữ liệu hiện tại được sao lưu trước và có thể khôi phục lại.</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>Khôi phục</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Thôi</translation>
        </message>
        <message>
            <source>The data of {when} is restored. The data as it was just before is kept in {file}.</source>
            <translation>Đã khôi phục dữ liệu lúc {when}. Dữ liệu ngay trước khi khôi phục được giữ trong {file}.</translation>
        </message>
    </context>
    <context>
        <name>SelfSignedCertificateDialog</name>
        <message>
            <source>Create a self-signed certificate</source>
            <translation>Tạo chứng thư số tự ký</translation>
        </message>
        <message>
            <source>Use this only if the unit has no certificate from a certification authority (VNPT-CA, Viettel-CA, Ban Cơ yếu…). The program makes a SELF-SIGNED certificate: the recipient trusts bundles signed with it only after the unit tells them its fingerprint.</source>
            <translation>Chỉ dùng khi đơn vị chưa có chứng thư số do tổ chức chứng thực cấp (VNPT-CA, Viettel-CA, Ban Cơ yếu…). Chương trình tạo chứng thư TỰ KÝ: nơi nhận chỉ tin các gói ký bằng chứng thư này sau khi đơn vị báo cho họ dấu vân tay của chứng thư.</translation>
        </message>
        <message>
            <source>C&amp;hoose…</source>
            <translation>C&amp;họn…</translation>
        </message>
        <message>
            <source>Unit:</source>
            <translation>Đơn vị:</translation>
        </message>
        <message>
            <source>Unit code:</source>
            <translation>Mã đơn vị:</translation>
        </message>
        <message>
            <source>Valid:</source>
            <translation>Hiệu lực:</translation>
        </message>
        <message>
            <source>5 years, until {date}</source>
            <translation>5 năm, đến ngày {date}</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>&amp;Mật khẩu:</translation>
        </message>
        <message>
            <source>Password &amp;again:</source>
            <translation>&amp;Nhập lại mật khẩu:</translation>
        </message>
        <message>
            <source>At least {minimum} characters. The program does not keep the password: if it is lost, make a new certificate and tell the recipient its new fingerprint.</source>
            <translation>Ít nhất {minimum} ký tự. Chương trình không lưu mật khẩu: nếu quên mật khẩu, phải tạo chứng thư mới và báo lại dấu vân tay mới cho nơi nhận.</translation>
        </message>
        <message>
            <source>&amp;Save as:</source>
            <translation>&amp;Lưu tệp:</translation>
        </message>
        <message>
            <source>&amp;Create the certificate</source>
            <translation>&amp;Tạo chứng thư</translation>
        </message>
        <message>
            <source>&amp;Use this certificate</source>
            <translation>&amp;Dùng chứng thư này</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Self-signed certificate created</source>
            <translation>Đã tạo chứng thư tự ký</translation>
        </message>
        <message>
            <source>Fingerprint (SHA-256) of the certificate:</source>
            <translation>Dấu vân tay (SHA-256) của chứng thư:</translation>
        </message>
        <message>
            <source>Read this fingerprint to the recipient (the district or province office) by phone, or send it in an iOffice document, before the first bundle: they note it and check every bundle against it (khaosat verify --fingerprint). Keep the .p12 file and its password safe; whoever has both can sign in the unit's name.</source>
            <translation>Hãy đọc dấu vân tay này cho nơi nhận (văn phòng cấp huyện hoặc tỉnh) qua điện thoại, hoặc gửi bằng văn bản qua iOffice, trước khi gửi gói đầu tiên: nơi nhận ghi lại và đối chiếu mọi gói với dấu vân tay này (khaosat verify --fingerprint). Hãy giữ kỹ tệp .p12 và mật khẩu; ai có cả hai có thể ký thay đơn vị.</translation>
        </message>
        <message>
            <source>Copy the &amp;fingerprint</source>
            <translation>Sao &amp;chép dấu vân tay</translation>
        </message>
        <message>
            <source>Save the certificate as</source>
            <translation>Lưu chứng thư thành</translation>
        </message>
        <message>
            <source>Certificate files (*.p12)</source>
            <translation>Tệp chứng thư số (*.p12)</translation>
        </message>
        <message>
            <source>The two passwords are not the same. Type the password twice again.</source>
            <translation>Hai lần nhập mật khẩu không giống nhau. Hãy nhập lại mật khẩu cả hai lần.</translation>
        </message>
        <message>
            <source>Choose where to save the certificate file.</source>
            <translation>Hãy chọn nơi lưu tệp chứng thư.</translation>
        </message>
        <message>
            <source>The folder {folder} does not exist: choose another place.</source>
            <translation>Thư mục {folder} không có: hãy chọn nơi khác.</translation>
        </message>
        <message>
            <source>✓ Saved to {path}. This certificate is SELF-SIGNED by the unit; it was not issued by a certification authority.</source>
            <translation>✓ Đã lưu vào {path}. Đây là chứng thư TỰ KÝ của đơn vị, không do tổ chức chứng thực cấp.</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings of the unit</source>
            <translation>Thông tin đơn vị</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>Đơn vị</translation>
        </message>
        <message>
            <source>Year and target</source>
            <translation>Năm và chỉ tiêu</translation>
        </message>
        <message>
            <source>Fields of service</source>
            <translation>Lĩnh vực</translation>
        </message>
        <message>
            <source>Questionnaire</source>
            <translation>Mẫu phiếu</translation>
        </message>
        <message>
            <source>Signer</source>
            <translation>Người ký</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Close without saving</source>
            <translation>Đóng, không lưu</translation>
        </message>
        <message>
            <source>{name} ({n} forms)</source>
            <translation>{name} ({n} phiếu)</translation>
        </message>
        <message>
            <source>Field of service in use</source>
            <translation>Lĩnh vực đang có phiếu</translation>
        </message>
        <message>
            <source>Forms of this year were keyed under: {names}. Without these fields the forms show only the code. Save anyway?</source>
            <translation>Trong năm đã có phiếu thuộc: {names}. Bỏ các lĩnh vực này thì những phiếu đó chỉ còn hiện mã lĩnh vực. Vẫn lưu?</translation>
        </message>
    </context>
    <context>
        <name>SettingsForm</name>
        <message>
            <source>Enter the unit's name, e.g. Ủy ban nhân dân xã Nam Đông.</source>
            <translation>Chưa nhập tên đơn vị, ví dụ: Ủy ban nhân dân xã Nam Đông.</translation>
        </message>
        <message>
            <source>The unit code must be exactly 5 digits (you entered “{text}”).</source>
            <translation>Mã đơn vị phải gồm đúng 5 chữ số (đã nhập «{text}»).</translation>
        </message>
        <message>
            <source>The year must be between 2000 and 2100.</source>
            <translation>Năm phải từ 2000 đến 2100.</translation>
        </message>
        <message>
            <source>The yearly target must be between 1 and 100.000 forms.</source>
            <translation>Chỉ tiêu năm phải từ 1 đến 100.000 phiếu.</translation>
        </message>
        <message>
            <source>Enter at least one field of service and at most {max}.</source>
            <translation>Phải có ít nhất một lĩnh vực và nhiều nhất {max} lĩnh vực.</translation>
        </message>
        <message>
            <source>Two fields of service have the same code; every code must be different.</source>
            <translation>Có hai lĩnh vực trùng mã; mỗi lĩnh vực phải có mã riêng.</translation>
        </message>
        <message>
            <source>The field with code “{code}” has no name.</source>
            <translation>Lĩnh vực mã «{code}» chưa có tên.</translation>
        </message>
        <message>
            <source>Code “{code}” of “{label}”: use capital letters without accents, digits or _ (at most 16, starting with a letter), e.g. TP.</source>
            <translation>Mã «{code}» của «{label}» không hợp lệ: dùng chữ in hoa không dấu, chữ số hoặc dấu _ (tối đa 16 ký tự, bắt đầu bằng chữ), ví dụ TP.</translation>
        </message>
        <message>
            <source>The due day must be between 1 and 28.</source>
            <translation>Ngày hạn báo cáo phải từ 1 đến 28.</translation>
        </message>
        <message>
            <source>The report periods setting “{value}” is not known: choose calendar quarters or the Decree 09/2019 cut-off.</source>
            <translation>Không nhận ra cách tính kỳ báo cáo “{value}”: hãy chọn quý theo lịch hoặc theo Nghị định 09/2019.</translation>
        </message>
        <message>
            <source>Questionnaire {id} version {version} is not available: choose one from the list.</source>
            <translation>Không có mẫu phiếu {id} phiên bản {version}: hãy chọn một mẫu trong danh sách.</translation>
        </message>
        <message>
            <source>Enter your name: it is recorded with every form you key in.</source>
            <translation>Chưa nhập tên người nhập phiếu: tên này được ghi kèm mỗi phiếu.</translation>
        </message>
        <message>
            <source>Not accepted ({code}).</source>
            <translation>Không chấp nhận ({code}).</translation>
        </message>
        <message>
            <source>text</source>
            <translation>chữ (văn bản)</translation>
        </message>
        <message>
            <source>whole number</source>
            <translation>số nguyên</translation>
        </message>
        <message>
            <source>number</source>
            <translation>số</translation>
        </message>
        <message>
            <source>list</source>
            <translation>danh sách</translation>
        </message>
        <message>
            <source>group of entries</source>
            <translation>nhóm mục</translation>
        </message>
        <message>
            <source>yes/no</source>
            <translation>có/không</translation>
        </message>
        <message>
            <source> or </source>
            <translation> hoặc </translation>
        </message>
        <message>
            <source>The file cannot be read ({reason}).</source>
            <translation>Không đọc được tệp ({reason}).</translation>
        </message>
        <message>
            <source>The file is not valid JSON: error at line {line}, column {column}.</source>
            <translation>Tệp không đúng định dạng JSON: lỗi ở dòng {line}, cột {column}.</translation>
        </message>
        <message>
            <source>A required entry is missing: {missing}.</source>
            <translation>Thiếu mục bắt buộc: {missing}.</translation>
        </message>
        <message>
            <source>Wrong kind of value: a {expected} is expected here.</source>
            <translation>Sai kiểu giá trị: ở đây phải là {expected}.</translation>
        </message>
        <message>
            <source>Value not allowed; allowed values: {expected}.</source>
            <translation>Giá trị không được phép; chỉ nhận: {expected}.</translation>
        </message>
        <message>
            <source>The value must be {expected}.</source>
            <translation>Giá trị phải là {expected}.</translation>
        </message>
        <message>
            <source>The value does not have the required form (pattern {expected}).</source>
            <translation>Giá trị không đúng dạng quy định (mẫu {expected}).</translation>
        </message>
        <message>
            <source>Too few entries: at least {expected}.</source>
            <translation>Quá ít mục: cần ít nhất {expected}.</translation>
        </message>
        <message>
            <source>Too many entries: at most {expected}.</source>
            <translation>Quá nhiều mục: tối đa {expected}.</translation>
        </message>
        <message>
            <source>Text too short: at least {expected} characters.</source>
            <translation>Nội dung quá ngắn: cần ít nhất {expected} ký tự.</translation>
        </message>
        <message>
            <source>The text must not be empty.</source>
            <translation>Nội dung không được để trống.</translation>
        </message>
        <message>
            <source>Text too long: at most {expected} characters.</source>
            <translation>Nội dung quá dài: tối đa {expected} ký tự.</translation>
        </message>
        <message>
            <source>Number too small: at least {expected}.</source>
            <translation>Số quá nhỏ: ít nhất là {expected}.</translation>
        </message>
        <message>
            <source>Number too large: at most {expected}.</source>
            <translation>Số quá lớn: nhiều nhất là {expected}.</translation>
        </message>
        <message>
            <source>Unknown entries that this program does not read: {unexpected}.</source>
            <translation>Có mục lạ mà chương trình không đọc: {unexpected}.</translation>
        </message>
        <message>
            <source>Code {code} is used twice (first at {first}).</source>
            <translation>Mã {code} bị dùng hai lần (lần đầu ở {first}).</translation>
        </message>
        <message>
            <source>Definition format {found} is not supported; this program reads format 1.</source>
            <translation>Không hỗ trợ định dạng mẫu phiếu {found}; chương trình chỉ đọc định dạng 1.</translation>
        </message>
        <message>
            <source>This questionnaire is not stored in the data folder.</source>
            <translation>Mẫu phiếu này chưa được lưu trong dữ liệu.</translation>
        </message>
        <message>
            <source>The file nests brackets thousands deep: it is not a questionnaire.</source>
            <translation>Tệp lồng ngoặc sâu hàng nghìn tầng: đây không phải mẫu phiếu.</translation>
        </message>
        <message>
            <source>Problem “{problem}” {detail}</source>
            <translation>Lỗi «{problem}» {detail}</translation>
        </message>
        <message>
            <source>Cannot use the file “{file}”.</source>
            <translation>Không dùng được tệp «{file}».</translation>
        </message>
        <message>
            <source>Place in the file: {path}</source>
            <translation>Vị trí trong tệp: {path}</translation>
        </message>
        <message>
            <source>Problem: {problem}</source>
            <translation>Lỗi: {problem}</translation>
        </message>
        <message>
            <source>e.g. Ủy ban nhân dân xã Nam Đông</source>
            <translation>Ví dụ: Ủy ban nhân dân xã Nam Đông</translation>
        </message>
        <message>
            <source>e.g. Ủy ban nhân dân tỉnh Thừa Thiên Huế</source>
            <translation>Ví dụ: Ủy ban nhân dân tỉnh Thừa Thiên Huế</translation>
        </message>
        <message>
            <source>e.g. Sở Nội vụ tỉnh Thừa Thiên Huế</source>
            <translation>Ví dụ: Sở Nội vụ tỉnh Thừa Thiên Huế</translation>
        </message>
        <message>
            <source>e.g. Nam Đông</source>
            <translation>Ví dụ: Nam Đông</translation>
        </message>
        <message>
            <source>e.g. E:\khaosat-sao-luu (empty: none)</source>
            <translation>vd. E:\khaosat-sao-luu (để trống: không dùng)</translation>
        </message>
        <message>
            <source>e.g. Nguyễn Thị Lan</source>
            <translation>Ví dụ: Nguyễn Thị Lan</translation>
        </message>
        <message>
            <source>e.g. C:\Windows\System32\eTPKCS11.dll</source>
            <translation>ví dụ C:\Windows\System32\eTPKCS11.dll</translation>
        </message>
        <message>
            <source>Calendar quarters and year (1/1 to 31/3 …)</source>
            <translation>Quý và năm theo lịch (1/1 đến 31/3 …)</translation>
        </message>
        <message>
            <source>Decree 09/2019: from the 15th of the month before to the 14th</source>
            <translation>Theo Nghị định 09/2019: từ ngày 15 tháng trước đến ngày 14</translation>
        </message>
        <message>
            <source>Report periods</source>
            <translation>Kỳ báo cáo</translation>
        </message>
        <message>
            <source>Name of the unit:</source>
            <translation>Tên đơn vị:</translation>
        </message>
        <message>
            <source>in the catalogue</source>
            <translation>theo danh mục</translation>
        </message>
        <message>
            <source>Unit code (5 digits):</source>
            <translation>Mã đơn vị (5 chữ số):</translation>
        </message>
        <message>
            <source>The commune's code in the national catalogue of administrative units.</source>
            <translation>Mã của xã trong Danh mục đơn vị hành chính Việt Nam.</translation>
        </message>
        <message>
            <source>One-stop office:</source>
            <translation>Tên Bộ phận Một cửa:</translation>
        </message>
        <message>
            <source>Parent body:</source>
            <translation>Cơ quan cấp trên:</translation>
        </message>
        <message>
            <source>Printed above the unit's name on reports.</source>
            <translation>In phía trên tên đơn vị ở đầu báo cáo.</translation>
        </message>
        <message>
            <source>Reports are sent to:</source>
            <translation>Nơi nhận báo cáo:</translation>
        </message>
        <message>
            <source>Second backup location:</source>
            <translation>Nơi sao lưu thứ hai:</translation>
        </message>
        <message>
            <source>A USB drive or a network folder: every backup is also copied there. If it is not plugged in, the backup in the data folder is still made.</source>
            <translation>Ổ USB hoặc thư mục mạng: mỗi bản sao lưu được chép thêm vào đó. Nếu chưa cắm, bản sao lưu trong thư mục dữ liệu vẫn được tạo.</translation>
        </message>
        <message>
            <source>Working year:</source>
            <translation>Năm làm việc:</translation>
        </message>
        <message>
            <source>Yearly target (forms):</source>
            <translation>Chỉ tiêu năm (phiếu):</translation>
        </message>
        <message>
            <source>420 forms a year for a commune (105 a quarter).</source>
            <translation>Cấp xã: 420 phiếu mỗi năm (105 phiếu mỗi quý).</translation>
        </message>
        <message>
            <source>Quarterly report due on day:</source>
            <translation>Hạn báo cáo quý vào ngày:</translation>
        </message>
        <message>
            <source>Day of the quarter's last month, e.g. 20 → 20/03, 20/06, 20/09, 20/12.</source>
            <translation>Ngày của tháng cuối quý, ví dụ 20 → 20/03, 20/06, 20/09, 20/12.</translation>
        </message>
        <message>
            <source>Report periods:</source>
            <translation>Kỳ báo cáo:</translation>
        </message>
        <message>
            <source>Decree 09/2019 cuts a quarter from the 15th of the month before to the 14th of its last month (the year: 15/12 to 14/12), so the report can be made before the due day. Calendar quarters are the default.</source>
            <translation>Theo Nghị định 09/2019, số liệu quý tính từ ngày 15 tháng trước quý đến ngày 14 tháng cuối quý (năm: từ 15/12 năm trước đến 14/12), nên báo cáo làm xong được trước hạn nộp. Mặc định là quý theo lịch.</translation>
        </message>
        <message>
            <source>The fields of service surveyed (at most {max}). The number on the left is the key pressed when keying a form. Leave unused rows empty.</source>
            <translation>Các lĩnh vực được khảo sát (tối đa {max}). Số bên trái là phím bấm khi nhập phiếu. Dòng không dùng thì để trống.</translation>
        </message>
        <message>
            <source>The printed form the citizens fill in. Forms already keyed keep the questionnaire they were keyed with.</source>
            <translation>Mẫu phiếu in ra để người dân điền. Phiếu đã nhập vẫn giữ mẫu phiếu lúc nhập.</translation>
        </message>
        <message>
            <source>Questionnaire:</source>
            <translation>Mẫu phiếu:</translation>
        </message>
        <message>
            <source>Place name for dates:</source>
            <translation>Địa danh ghi ngày tháng:</translation>
        </message>
        <message>
            <source>As in “Nam Đông, ngày 22 tháng 11 năm 2026”.</source>
            <translation>Như trong «Nam Đông, ngày 22 tháng 11 năm 2026».</translation>
        </message>
        <message>
            <source>Signer's title:</source>
            <translation>Chức vụ người ký:</translation>
        </message>
        <message>
            <source>Signer's name:</source>
            <translation>Họ và tên người ký:</translation>
        </message>
        <message>
            <source>USB token library (PKCS#11):</source>
            <translation>Thư viện USB token (PKCS#11):</translation>
        </message>
        <message>
            <source>Only for signing with a USB token: the .dll file its provider's software installed (VNPT-CA, Viettel-CA, Ban Cơ yếu…). Leave empty when signing with a .p12 file.</source>
            <translation>Chỉ cần khi ký bằng USB token: tệp .dll do phần mềm của nhà cung cấp (VNPT-CA, Viettel-CA, Ban Cơ yếu…) cài vào máy. Để trống nếu ký bằng tệp .p12.</translation>
        </message>
        <message>
            <source>Your name (who keys the forms):</source>
            <translation>Tên của bạn (người nhập phiếu):</translation>
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <source>khaosat – first-time setup</source>
            <translation>khaosat – thiết lập lần đầu</translation>
        </message>
        <message>
            <source>&lt; &amp;Back</source>
            <translation>&lt; &amp;Quay lại</translation>
        </message>
        <message>
            <source>&amp;Next &gt;</source>
            <translation>&amp;Tiếp &gt;</translation>
        </message>
        <message>
            <source>&amp;Finish and save</source>
            <translation>&amp;Hoàn tất và lưu</translation>
        </message>
        <message>
            <source>Quit without saving</source>
            <translation>Thoát, không lưu</translation>
        </message>
        <message>
            <source>Your unit</source>
            <translation>Đơn vị</translation>
        </message>
        <message>
            <source>Step 1 of 5. The commune and its one-stop office, as printed on reports. Enter moves to the next box.</source>
            <translation>Bước 1/5. Xã và Bộ phận Một cửa, như in trên báo cáo. Phím Enter chuyển sang ô tiếp theo.</translation>
        </message>
        <message>
            <source>Year and target</source>
            <translation>Năm và chỉ tiêu</translation>
        </message>
        <message>
            <source>Step 2 of 5. How many forms to collect this year.</source>
            <translation>Bước 2/5. Số phiếu cần thu trong năm.</translation>
        </message>
        <message>
            <source>Fields of service</source>
            <translation>Lĩnh vực</translation>
        </message>
        <message>
            <source>Step 3 of 5. The fields a citizen can tick on the form.</source>
            <translation>Bước 3/5. Các lĩnh vực người dân đánh dấu trên phiếu.</translation>
        </message>
        <message>
            <source>Questionnaire</source>
            <translation>Mẫu phiếu</translation>
        </message>
        <message>
            <source>Step 4 of 5. The version of the paper form in use.</source>
            <translation>Bước 4/5. Mẫu phiếu giấy đang dùng.</translation>
        </message>
        <message>
            <source>Signer and clerk</source>
            <translation>Người ký và người nhập</translation>
        </message>
        <message>
            <source>Step 5 of 5. Who signs the reports and who keys the forms. Finish saves everything.</source>
            <translation>Bước 5/5. Người ký báo cáo và người nhập phiếu. Bấm Hoàn tất để lưu tất cả.</translation>
        </message>
        <message>
            <source>Quit the setup?</source>
            <translation>Thoát thiết lập?</translation>
        </message>
        <message>
            <source>Nothing has been saved yet. Quit the setup and lose what you typed?</source>
            <translation>Chưa có gì được lưu. Thoát và bỏ những gì đã nhập?</translation>
        </message>
    </context>
    <context>
        <name>SpoilDialog</name>
        <message>
            <source>Mark spoiled or lost</source>
            <translation>Đánh dấu phiếu hỏng/mất</translation>
        </message>
        <message>
            <source> and {count} more</source>
            <translation> và {count} số khác</translation>
        </message>
        <message>
            <source>Forms {serials} will leave the list of forms not keyed.</source>
            <translation>Các phiếu số {serials} sẽ được bỏ khỏi danh sách phiếu chưa nhập.</translation>
        </message>
        <message>
            <source>&amp;1  Torn, soiled or misprinted</source>
            <translation>&amp;1  Rách, bẩn hoặc in lỗi</translation>
        </message>
        <message>
            <source>&amp;2  Lost (the citizen took it, mislaid)</source>
            <translation>&amp;2  Bị mất (người dân mang về, thất lạc)</translation>
        </message>
        <message>
            <source>&amp;3  Other reason (write it below)</source>
            <translation>&amp;3  Lý do khác (ghi ở dưới)</translation>
        </message>
        <message>
            <source>&amp;Reason (optional unless “other”)</source>
            <translation>&amp;Lý do (bắt buộc khi chọn “lý do khác”)</translation>
        </message>
        <message>
            <source>Mark spoiled</source>
            <translation>Đánh dấu hỏng/mất</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>TallyPanel</name>
        <message>
            <source>By field of service</source>
            <translation>Theo lĩnh vực</translation>
        </message>
        <message>
            <source>Printed forms</source>
            <translation>Phiếu đã in</translation>
        </message>
        <message>
            <source>Handed out (printed)</source>
            <translation>Đã phát (đã in)</translation>
        </message>
        <message>
            <source>Keyed (voided included)</source>
            <translation>Đã nhập (kể cả phiếu hủy)</translation>
        </message>
        <message>
            <source>Spoiled or lost</source>
            <translation>Hỏng hoặc mất</translation>
        </message>
        <message>
            <source>Not keyed yet (F4)</source>
            <translation>Chưa nhập (F4)</translation>
        </message>
        <message>
            <source>YEAR {year}</source>
            <translation>NĂM {year}</translation>
        </message>
        <message>
            <source>QUARTER {quarter}</source>
            <translation>QUÝ {quarter}</translation>
        </message>
        <message>
            <source>Voided forms: {count}</source>
            <translation>Phiếu đã hủy: {count}</translation>
        </message>
        <message>
            <source>✓ Yearly target reached</source>
            <translation>✓ Đã đạt chỉ tiêu năm</translation>
        </message>
        <message>
            <source>Year over: {missing} forms short of {target}</source>
            <translation>Đã hết năm: còn thiếu {missing} phiếu so với {target}</translation>
        </message>
        <message>
            <source>Need {per_week} forms/week to reach {target} forms</source>
            <translation>Cần {per_week} phiếu/tuần để đạt {target} phiếu</translation>
        </message>
        <message>
            <source>today</source>
            <translation>hôm nay</translation>
        </message>
        <message>
            <source>{days} days left</source>
            <translation>còn {days} ngày</translation>
        </message>
        <message>
            <source>Quarter {quarter} report due: {date} ({left})</source>
            <translation>Hạn báo cáo quý {quarter}: {date} ({left})</translation>
        </message>
        <message>
            <source>Field not marked</source>
            <translation>Không rõ lĩnh vực</translation>
        </message>
        <message>
            <source>✓ Saved form {serial}</source>
            <translation>✓ Đã lưu phiếu {serial}</translation>
        </message>
    </context>
    <context>
        <name>VerifyDialog</name>
        <message>
            <source>Verify a received bundle</source>
            <translation>Kiểm tra gói nhận được</translation>
        </message>
        <message>
            <source>Choose the bundle (.zip) the unit sent through iOffice, then press Check. The check reads the file only: nothing is changed or saved.</source>
            <translation>Chọn gói (.zip) đơn vị gửi qua iOffice rồi bấm Kiểm tra. Việc kiểm tra chỉ đọc tệp: không thay đổi hay lưu gì cả.</translation>
        </message>
        <message>
            <source>e.g. C:\Users\…\Downloads\10234_2026-Q3_v1.zip (you may paste or drop it here)</source>
            <translation>ví dụ C:\Users\…\Downloads\10234_2026-Q3_v1.zip (có thể dán hoặc kéo thả tệp vào đây)</translation>
        </message>
        <message>
            <source>Choose bundle…</source>
            <translation>Chọn gói…</translation>
        </message>
        <message>
            <source>Bundle (.zip):</source>
            <translation>Gói (.zip):</translation>
        </message>
        <message>
            <source>64 hexadecimal digits the unit read to you, colons and spaces optional</source>
            <translation>64 chữ số hệ 16 đơn vị đọc cho anh/chị, có hay không có dấu hai chấm, dấu cách đều được</translation>
        </message>
        <message>
            <source>Fingerprint (optional):</source>
            <translation>Dấu vân tay (nếu có):</translation>
        </message>
        <message>
            <source>Choose certificate…</source>
            <translation>Chọn chứng thư…</translation>
        </message>
        <message>
            <source>Root certificate (optional):</source>
            <translation>Chứng thư gốc (nếu có):</translation>
        </message>
        <message>
            <source>Without a fingerprint or a root certificate the check still shows whether the files are intact, but not who signed them.</source>
            <translation>Không có dấu vân tay hoặc chứng thư gốc thì vẫn kiểm tra được các tệp có nguyên vẹn không, nhưng chưa biết ai đã ký.</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>Kiểm tra</translation>
        </message>
        <message>
            <source>Copy the result</source>
            <translation>Sao chép kết quả</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Choose the bundle to check</source>
            <translation>Chọn gói cần kiểm tra</translation>
        </message>
        <message>
            <source>khaosat bundle (*.zip)</source>
            <translation>Gói khaosat (*.zip)</translation>
        </message>
        <message>
            <source>Choose the root certificate</source>
            <translation>Chọn chứng thư gốc</translation>
        </message>
        <message>
            <source>Certificate ({suffixes})</source>
            <translation>Chứng thư ({suffixes})</translation>
        </message>
        <message>
            <source>Choose the bundle first: press “Choose bundle…” or paste its path.</source>
            <translation>Hãy chọn gói trước: bấm “Chọn gói…” hoặc dán đường dẫn của tệp.</translation>
        </message>
        <message>
            <source>There is no file {path}. Check the path (was the download finished?) or press “Choose bundle…”.</source>
            <translation>Không có tệp {path}. Kiểm tra lại đường dẫn (tệp đã tải về xong chưa?) hoặc bấm “Chọn gói…”.</translation>
        </message>
        <message>
            <source>A fingerprint has 64 hexadecimal digits (0–9, A–F), colons or spaces between them optional; this one has {count} letters or digits. Ask the unit to read it again, or leave the field empty.</source>
            <translation>Dấu vân tay gồm 64 chữ số hệ 16 (0–9, A–F), dấu hai chấm hoặc dấu cách ở giữa không bắt buộc; ô này đang có {count} chữ và số. Hãy nhờ đơn vị đọc lại, hoặc để trống ô này.</translation>
        </message>
        <message>
            <source>The root certificate {file} cannot be read ({reason}). Check the path, or leave the field empty.</source>
            <translation>Không đọc được chứng thư gốc {file} ({reason}). Kiểm tra lại đường dẫn, hoặc để trống ô này.</translation>
        </message>
        <message>
            <source>{file} is not a certificate file (PEM or DER, usually .pem, .cer or .crt). Ask the certification authority for its root certificate.</source>
            <translation>{file} không phải tệp chứng thư (dạng PEM hoặc DER, thường là .pem, .cer hoặc .crt). Hãy xin chứng thư gốc từ tổ chức chứng thực.</translation>
        </message>
        <message>
            <source>Checking {file}…</source>
            <translation>Đang kiểm tra {file}…</translation>
        </message>
        <message>
            <source>The check could not run ({reason}). Close this window and try again; if it happens again, call IT support.</source>
            <translation>Không chạy được việc kiểm tra ({reason}). Hãy đóng cửa sổ này và thử lại; nếu vẫn lỗi, gọi cán bộ CNTT.</translation>
        </message>
        <message>
            <source>The bundle is valid — complete and unchanged since it was signed, and the signer is identified.</source>
            <translation>Gói hợp lệ — đủ và đúng như khi ký, người ký đã được xác định.</translation>
        </message>
        <message>
            <source>the root certificate of the unit's certification authority (.pem, .cer, .crt)</source>
            <translation>chứng thư gốc của tổ chức chứng thực cấp cho đơn vị (.pem, .cer, .crt)</translation>
        </message>
        <message>
            <source>The files are intact, but the signer is NOT identified yet — call the unit and compare the certificate's fingerprint
{fingerprint}
with the one they read to you, then type it in the Fingerprint field and check again.</source>
            <translation>Các tệp nguyên vẹn nhưng CHƯA XÁC ĐỊNH người ký — hãy gọi điện cho đơn vị gửi, đối chiếu dấu vân tay chứng thư
{fingerprint}
với dấu vân tay đơn vị đọc cho, rồi nhập vào ô Dấu vân tay và bấm Kiểm tra lại.</translation>
        </message>
        <message>
            <source>The bundle is NOT valid — {count} check(s) failed, concerning {files}. Do not use it before clearing it up with the unit.</source>
            <translation>Gói KHÔNG hợp lệ — {count} mục không đạt, liên quan đến {files}. Không dùng gói này trước khi làm rõ với đơn vị gửi.</translation>
        </message>
        <message>
            <source>The bundle is NOT valid — {count} check(s) failed (marked ✗ below). Do not use it before clearing it up with the unit.</source>
            <translation>Gói KHÔNG hợp lệ — {count} mục không đạt (đánh dấu ✗ bên dưới). Không dùng gói này trước khi làm rõ với đơn vị gửi.</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>Đơn vị</translation>
        </message>
        <message>
            <source>{name} (code {code})</source>
            <translation>{name} (mã {code})</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>Kỳ báo cáo</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Bản</translation>
        </message>
        <message>
            <source>{version} (replaces version {previous})</source>
            <translation>{version} (thay cho bản {previous})</translation>
        </message>
        <message>
            <source>Forms</source>
            <translation>Số phiếu</translation>
        </message>
        <message>
            <source>{forms} ({active} counted, {void} void)</source>
            <translation>{forms} ({active} phiếu tính, {void} phiếu hủy)</translation>
        </message>
        <message>
            <source>{signer} (the unit's self-signed certificate)</source>
            <translation>{signer} (chứng thư tự ký của đơn vị)</translation>
        </message>
        <message>
            <source>Signed by</source>
            <translation>Người ký</translation>
        </message>
        <message>
            <source>Certificate fingerprint</source>
            <translation>Dấu vân tay chứng thư</translation>
        </message>
        <message>
            <source>Signed at</source>
            <translation>Thời gian ký</translation>
        </message>
        <message>
            <source>Changes since version {previous}</source>
            <translation>Thay đổi so với bản {previous}</translation>
        </message>
        <message>
            <source>(as the bundle states it: trustworthy only when the bundle is valid)</source>
            <translation>(theo lời gói tự ghi: chỉ đáng tin khi gói hợp lệ)</translation>
        </message>
        <message>
            <source>What the bundle contains</source>
            <translation>Nội dung gói</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>Các mục kiểm tra</translation>
        </message>
        <message>
            <source>Check of {file}, {moment}</source>
            <translation>Kết quả kiểm tra {file}, lúc {moment}</translation>
        </message>
        <message>
            <source>The result is on the clipboard: paste it into a message or a document.</source>
            <translation>Đã sao chép kết quả: có thể dán vào tin nhắn hoặc văn bản.</translation>
        </message>
    </context>
    <context>
        <name>VoidDialog</name>
        <message>
            <source>Void form {serial}</source>
            <translation>Hủy phiếu {serial}</translation>
        </message>
        <message>
            <source>Void form no. {serial} of {date}?</source>
            <translation>Hủy phiếu số {serial} ngày {date}?</translation>
        </message>
        <message>
            <source>Void form no. {serial}?</source>
            <translation>Hủy phiếu số {serial}?</translation>
        </message>
        <message>
            <source>The form stays in the list marked “void” and is no longer counted. It can be restored later.</source>
            <translation>Phiếu vẫn nằm trong danh sách, được đánh dấu «đã hủy» và không còn được tính. Có thể khôi phục lại sau.</translation>
        </message>
        <message>
            <source>e.g. keyed twice; form filled in by staff</source>
            <translation>Ví dụ: nhập trùng; phiếu do cán bộ tự điền</translation>
        </message>
        <message>
            <source>Reason (required):</source>
            <translation>Lý do (bắt buộc):</translation>
        </message>
        <message>
            <source>&amp;Void the form</source>
            <translation>&amp;Hủy phiếu</translation>
        </message>
        <message>
            <source>Keep the form</source>
            <translation>Không hủy</translation>
        </message>
        <message>
            <source>Write why the form is voided.</source>
            <translation>Phải ghi lý do hủy phiếu.</translation>
        </message>
    </context>
</TS>