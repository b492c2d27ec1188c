/**
 * HTX's documented example responses as JSON text (numbers as HTX writes them). The cross
 * account example is HTX's documentation of POST /linear-swap-api/v1/swap_cross_account_info
 * (its NULL is JSON null); the others are the examples of HTX's documentation of each endpoint.
 */
const detail = (code: string, type: string) =>
  `{"symbol":"BTC","contract_code":"${code}","margin_position":0,"margin_frozen":0,"margin_available":10000,"profit_unreal":0,"liquidation_price":null,"lever_rate":5,"adjust_factor":0.04,"contract_type":"${type}","cross_max_available":"","trade_partition":"","pair":"BTC-USDT","business_type":"futures"}`;

export const SEED_CROSS_ACCOUNT_INFO = `{"status":"ok","data":[{"futures_contract_detail":[${detail("BTC-USDT-211217", "next_week")},${detail(
  "BTC-USDT-211210",
  "this_week",
)},${detail("BTC-USDT-211231", "quarter")}],"margin_mode":"cross","margin_account":"USDT","margin_asset":"USDT","margin_balance":10000,"margin_static":10000,"margin_position":0,"margin_frozen":0,"profit_unreal":0,"withdraw_available":10000,"risk_rate":null,"money_in":"","money_out":"","new_risk_rate":"","position_mode":"dual_side","contract_detail":[{"symbol":"BTC","contract_code":"BTC-USDT","margin_position":0,"margin_frozen":0,"margin_available":10000,"profit_unreal":0,"liquidation_price":null,"lever_rate":5,"adjust_factor":0.04,"contract_type":"swap","cross_max_available":"","trade_partition":"","pair":"BTC-USDT","business_type":"swap"}]}],"ts":1638757139907}`;

export const SEED_TRANSFER_SUCCESS = `{ "code": 200, "data": 176104252, "message": "Succeed", "success": true }`;
export const SEED_TRANSFER_FAILURE = `{ "code":1303, "data":null, "message":"The single transfer-out amount must be no less than 0.0008BTC", "success":false }`;

export const REF_ISOLATED_ACCOUNT_INFO = `{"status":"ok","data":[{"symbol":"BTC","contract_code":"BTC-USDT","margin_asset":"USDT","margin_balance":99.75505884,"margin_position":0,"margin_frozen":12.73,"margin_available":87.02505884,"profit_real":0,"profit_unreal":0,"risk_rate":7.761218290652003,"new_risk_rate":"","trade_partition":"","withdraw_available":87.02505884,"liquidation_price":null,"lever_rate":10,"adjust_factor":0.075,"margin_static":99.75505884,"margin_mode":"isolated","margin_account":"BTC-USDT","position_mode":"dual_side"}],"ts":1603697381238}`;

export const REF_SPOT_BALANCE = `{"status":"ok","data":{"id":1000001,"type":"spot","state":"working","list":[
  {"currency":"usdt","type":"trade","balance":"91.850043797676510303","debt":"invalid","available":"invalid","seq-num":"477"},
  {"currency":"usdt","type":"frozen","balance":"5.160000000000000015","debt":"invalid","available":"invalid","seq-num":"477"}]}}`;

export const REF_ACCOUNTS = `{"status":"ok","data":[{"id":10000002,"type":"margin","subtype":"btcusdt","state":"working"},{"id":10000001,"type":"spot","subtype":"","state":"working"}]}`;

export const REF_LEDGER = `{"code":200,"message":"success","data":[{"accountId":10000001,"currency":"usdt","transactAmt":10,"transactType":"transfer","transferType":"margin-transfer-out","transactId":0,"transactTime":1629882331066,"transferer":28483123,"transferee":13496526}],"nextId":1624316679,"ok":true}`;

export const REF_UNIFIED_TYPE = `{"code":200,"msg":"ok","data":{"account_type":2},"ts":1668057324200}`;
